package dev.matchlist.cli.admin;

/**
 * Why an admin command failed, with the exit code it ends with: {@link #USAGE} (2) for missing
 * settings such as the admin token, {@link #IO} (4) when the server cannot be reached or a file
 * read, {@link #REFUSED} (5) when the server answered with an error.
 */
public final class AdminFailure extends RuntimeException {
  public static final int USAGE = 2;
  public static final int IO = 4;
  public static final int REFUSED = 5;

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
