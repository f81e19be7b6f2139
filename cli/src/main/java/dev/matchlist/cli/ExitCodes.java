package dev.matchlist.cli;

/** The exit codes every {@code matchlist} command shares; docs/cli.md lists them for users. */
public final class ExitCodes {
  /** Done; invalid cells may have been dropped and reported (see {@link #INVALID_DATA}). */
  public static final int OK = 0;

  /** Wrong options or arguments (picocli's own code for usage errors). */
  public static final int USAGE = 2;

  /** {@code --strict} and the input had invalid cells or rows; the output is still written. */
  public static final int INVALID_DATA = 3;

  /**
   * An input could not be read or an output could not be written (for {@code admin} and {@code
   * identities}: also a server that cannot be reached).
   */
  public static final int IO = 4;

  /**
   * The server refused for good: a permanent Graph error (100, 190, 200, 2650, ...) whose code and
   * message are printed. Repeating the command unchanged would fail the same way.
   */
  public static final int REFUSED = 5;

  /**
   * Transient failures (rate limits, 5xx, HTML pages, I/O errors) outlasted the retry budget, or
   * the Graph host cannot be reached. With {@code --checkpoint} a rerun continues where it stopped.
   */
  public static final int RETRIES_EXHAUSTED = 6;

  /** Stopped by Ctrl-C (SIGINT, 128+2); SIGTERM gives 143. An upload's checkpoint is kept. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
