package dev.matchlist.client;

/**
 * An upload stopped before its end. The {@link #report()} says how far it got; with a checkpoint
 * file, running the same upload again continues from there in the same session. The cause is
 * usually a {@link GraphException} (after retries) or an {@link java.io.UncheckedIOException} from
 * reading the source.
 */
public final class UploadFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient UploadReport report;

  public UploadFailedException(String message, UploadReport report, Throwable cause) {
    super(message, cause);
    this.report = report;
  }

  /** What was done before the failure. */
  public UploadReport report() {
    return report;
  }
}
