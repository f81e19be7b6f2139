package dev.matchlist.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What every test that runs the CLI as a long-lived child JVM does with the process. */
public final class ChildProcess {
  private ChildProcess() {}

  /** Reads and discards the rest of {@code stream}, so the child never blocks on a full pipe. */
  public static void drainInBackground(InputStream stream) {
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                stream.transferTo(OutputStream.nullOutputStream());
              } catch (IOException ignored) {
                // the process ended
              }
            });
  }

  /**
   * Sends SIGTERM, waits up to {@code seconds} for the exit code, and kills it if it ignores it.
   */
  public static int terminate(Process process, int seconds, String name) {
    process.destroy();
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(name + " ignored SIGTERM");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills the child if it still runs and removes its stderr file. */
  public static void killAndClean(Process process, Path errFile) {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      Files.deleteIfExists(errFile);
    } catch (IOException ignored) {
      // a temp file
    }
  }
}
