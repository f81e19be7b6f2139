package dev.matchlist.cli.admin;

import dev.matchlist.cli.ExitCodes;

/**
 * Why an admin command failed, with the exit code it ends with: {@link #USAGE} (2) for missing
 * settings such as the admin token, {@link #IO} (4) when the server cannot be reached or a file
 * read, {@link #REFUSED} (5) when the server answered with an error.
 */
public final class AdminFailure extends RuntimeException {
  public static final int USAGE = ExitCodes.USAGE;
  public static final int IO = ExitCodes.IO;
  public static final int REFUSED = ExitCodes.REFUSED;

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public AdminFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
