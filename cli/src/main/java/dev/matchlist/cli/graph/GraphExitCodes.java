package dev.matchlist.cli.graph;

import dev.matchlist.cli.ExitCodes;

/**
 * The exit codes of the commands that talk to a Graph host ({@code upload}, {@code remove}, {@code
 * replace}, {@code audiences}, {@code sessions}); docs/cli.md lists them. 0, 2, 3 and 4 mean what
 * they mean for every command ({@link ExitCodes}); 5 is what {@code matchlist admin} also uses for
 * a refusal.
 */
public final class GraphExitCodes {
  public static final int OK = ExitCodes.OK;

  /** Wrong options, no access token anywhere, or a CSV with no recognizable column. */
  public static final int USAGE = ExitCodes.USAGE;

  /** {@code --strict} and some rows or cells were invalid (the rest was uploaded). */
  public static final int INVALID_DATA = ExitCodes.INVALID_DATA;

  /** The input CSV, the config file or the checkpoint cannot be read or written. */
  public static final int IO = ExitCodes.IO;

  /**
   * The Graph host refused for good: a permanent error (100, 190, 200, 2650, ...) whose code and
   * message are printed. Repeating the command unchanged would fail the same way.
   */
  public static final int REFUSED = 5;

  /**
   * Transient failures (rate limits, 5xx, HTML pages, I/O errors) outlasted the retry budget, or
   * the host cannot be reached. With {@code --checkpoint} a rerun continues where it stopped.
   */
  public static final int RETRIES_EXHAUSTED = 6;

  /** Stopped by Ctrl-C (SIGINT, 128+2); SIGTERM gives 143. The checkpoint is kept. */
  public static final int INTERRUPTED = 130;

  private GraphExitCodes() {}
}
