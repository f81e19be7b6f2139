package dev.matchlist.cli.serve;

import dev.matchlist.cli.ChildProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real {@code matchlist} CLI in a child JVM on the test classpath: one-shot commands to
 * completion, and {@code serve} in the background until its startup line.
 */
public final class CliRun {
  private static final Pattern STARTUP =
      Pattern.compile(
          "^Matchlist serving (https?://\\S+) \\(matching (\\S+); (?:certificate SHA-256"
              + " ([0-9A-F:]+); )?admin token in (.+)\\)$");

  /** The outcome of a finished command. */
  public record Result(int exitCode, String out, String err) {}

  private CliRun() {}

  static List<String> command(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    // Short-lived JVMs: the C1 compiler alone and the serial collector start fastest.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.matchlist.cli.Matchlist");
    command.addAll(args);
    return command;
  }

  /** Runs {@code matchlist args...} with extra environment variables; waits up to a minute. */
  public static Result run(Map<String, String> environment, String... args) {
    ProcessBuilder builder = new ProcessBuilder(command(List.of(args)));
    clearMatchlistVariables(builder);
    builder.environment().putAll(environment);
    try {
      Path err = Files.createTempFile("matchlist-cli", ".err");
      builder.redirectError(err.toFile());
      Process process = builder.start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("matchlist " + List.of(args) + " did not finish");
      }
      String errText = Files.readString(err);
      Files.delete(err);
      return new Result(process.exitValue(), out, errText);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static Result run(String... args) {
    return run(Map.of(), args);
  }

  /** The variables the CLI reads, removed so the tests' environment cannot leak in. */
  private static void clearMatchlistVariables(ProcessBuilder builder) {
    builder.environment().keySet().removeIf(name -> name.startsWith("MATCHLIST_"));
  }

  /** A {@code matchlist serve} running in the background. */
  public static final class Server implements AutoCloseable {
    private final Process process;
    private final String baseUrl;
    private final String matching;
    private final String fingerprint;
    private final Path adminTokenFile;
    private final Path errFile;

    private Server(
        Process process,
        String baseUrl,
        String matching,
        String fingerprint,
        Path adminTokenFile,
        Path errFile) {
      this.process = process;
      this.baseUrl = baseUrl;
      this.matching = matching;
      this.fingerprint = fingerprint;
      this.adminTokenFile = adminTokenFile;
      this.errFile = errFile;
    }

    /** Starts {@code matchlist serve args...} and waits for its startup line. */
    public static Server start(Map<String, String> environment, String... args) {
      List<String> serveArgs = new ArrayList<>(List.of("serve"));
      serveArgs.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command(serveArgs));
      clearMatchlistVariables(builder);
      builder.environment().putAll(environment);
      try {
        Path err = Files.createTempFile("matchlist-serve", ".err");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        BufferedReader out =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
          process.waitFor(30, TimeUnit.SECONDS);
          throw new IllegalStateException(
              "serve ended without a startup line; stderr:\n" + Files.readString(err));
        }
        Matcher startup = STARTUP.matcher(line);
        if (!startup.matches()) {
          process.destroyForcibly();
          throw new IllegalStateException("unexpected startup line: " + line);
        }
        ChildProcess.drainInBackground(process.getInputStream());
        return new Server(
            process,
            startup.group(1),
            startup.group(2),
            startup.group(3),
            Path.of(startup.group(4)),
            err);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    public static Server start(String... args) {
      return start(Map.of(), args);
    }

    public String baseUrl() {
      return baseUrl;
    }

    /** The matching source the startup line names, in {@code --matching} form. */
    public String matching() {
      return matching;
    }

    /** The fingerprint from the startup line, or null on plain HTTP. */
    public String fingerprint() {
      return fingerprint;
    }

    public Path adminTokenFile() {
      return adminTokenFile;
    }

    /** Sends SIGTERM and waits for the exit code. */
    public int terminate() {
      return ChildProcess.terminate(process, 30, "serve");
    }

    public String stderr() {
      try {
        return Files.readString(errFile);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      ChildProcess.killAndClean(process, errFile);
    }
  }
}
