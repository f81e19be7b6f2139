package dev.matchlist.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is an interactive terminal, where a live progress bar belongs (and not a
 * file or a pipe, where its carriage returns would be noise).
 *
 * <p>Java has no direct test for stderr: {@code System.console()} looks at stdin and stdout. On
 * Linux the descriptor's link in {@code /proc/self/fd} names the device; elsewhere the console
 * check is the best guess.
 */
public final class StderrTerminal {
  private StderrTerminal() {}

  public static boolean isTerminal() {
    Path fd2 = Path.of("/proc/self/fd/2");
    if (Files.isSymbolicLink(fd2)) {
      try {
        String target = Files.readSymbolicLink(fd2).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | UnsupportedOperationException e) {
        return false; // cannot tell: plain lines are safe on a terminal too, a bar is not in a file
      }
    }
    return System.console() != null;
  }
}
