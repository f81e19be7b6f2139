package dev.matchlist.cli.demo;

import dev.matchlist.cli.ChildProcess;
import dev.matchlist.cli.Matchlist;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code matchlist demo} as a real child JVM whose {@code java.io.tmpdir} is a directory the test
 * owns, so that the test can see what the demo leaves behind there.
 */
final class DemoRun implements AutoCloseable {
  /** The last line of the human-readable text. */
  static final String LAST_LINE = "Serving until Ctrl-C.";

  private final Process process;
  private final List<String> lines;
  private final Path errFile;

  private DemoRun(Process process, List<String> lines, Path errFile) {
    this.process = process;
    this.lines = lines;
    this.errFile = errFile;
  }

  /**
   * Starts {@code matchlist demo args...} and reads stdout until the JSON line (with {@code
   * --json}) or the human text's last line.
   */
  static DemoRun start(Path tmpdir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Djava.io.tmpdir=" + tmpdir);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Matchlist.class.getName());
    command.add("demo");
    command.addAll(List.of(args));
    boolean json = List.of(args).contains("--json");
    try {
      Path err = Files.createTempFile("matchlist-demo", ".err");
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
      builder.environment().keySet().removeIf(name -> name.startsWith("MATCHLIST_"));
      Process process = builder.start();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        if (json || line.equals(LAST_LINE)) {
          break;
        }
      }
      if (line == null) {
        process.waitFor(30, TimeUnit.SECONDS);
        throw new IllegalStateException(
            "demo ended early (" + lines + "); stderr:\n" + Files.readString(err));
      }
      ChildProcess.drainInBackground(process.getInputStream());
      return new DemoRun(process, lines, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What the demo printed before it started waiting. */
  List<String> lines() {
    return lines;
  }

  /**
   * The printed shell command whose first line starts with {@code start}, with its
   * backslash-continued lines, as {@code bash -c} takes it.
   */
  String command(String start) {
    StringBuilder command = new StringBuilder();
    boolean in = false;
    for (String line : lines) {
      if (!in && line.startsWith("  " + start)) {
        in = true;
      }
      if (in) {
        command.append(line).append('\n');
        if (!line.endsWith("\\")) {
          return command.toString();
        }
      }
    }
    throw new IllegalStateException("no command starting with " + start + " in " + lines);
  }

  /** Sends SIGTERM and waits for the exit code. */
  int terminate() {
    return ChildProcess.terminate(process, 60, "demo");
  }

  @Override
  public void close() {
    ChildProcess.killAndClean(process, errFile);
  }
}
