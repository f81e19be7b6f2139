package dev.matchlist.cli.graph;

/**
 * A failure the command reports as one line on stderr ({@code matchlist <command>: <message>}) and
 * ends with {@link #exitCode()}; never a stack trace.
 */
public final class GraphCommandException extends RuntimeException {
  private final int exitCode;

  public GraphCommandException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
