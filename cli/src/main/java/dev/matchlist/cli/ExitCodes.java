package dev.matchlist.cli;

/** The exit codes every {@code matchlist} command shares; docs/cli.md lists them for users. */
public final class ExitCodes {
  /** Done; invalid cells may have been dropped and reported (see {@link #INVALID_DATA}). */
  public static final int OK = 0;

  /** Wrong options or arguments (picocli's own code for usage errors). */
  public static final int USAGE = 2;

  /** {@code --strict} and the input had invalid cells or rows; the output is still written. */
  public static final int INVALID_DATA = 3;

  /** An input could not be read or an output could not be written. */
  public static final int IO = 4;

  private ExitCodes() {}
}
