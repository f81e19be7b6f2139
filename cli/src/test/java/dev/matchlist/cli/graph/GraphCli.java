package dev.matchlist.cli.graph;

import dev.matchlist.cli.Matchlist;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code matchlist} CLI in a child JVM with a controlled environment: no {@code
 * MATCHLIST_*} variables of the test run, {@code XDG_CONFIG_HOME} pointing at an empty directory
 * (so a developer's own config file cannot leak in), plus what the test adds.
 */
public final class GraphCli {
  /** The outcome of a finished command. */
  public record Result(int exitCode, String out, String err) {
    /** Both streams, for assertions that something appears nowhere. */
    public String all() {
      return out + "\n" + err;
    }
  }

  private final Path home;
  private final Map<String, String> environment = new HashMap<>();

  /** {@code home} becomes the child's config home (and its working directory's sibling). */
  public GraphCli(Path home) {
    this.home = home;
    environment.put("XDG_CONFIG_HOME", home.resolve("config").toString());
  }

  /** A CLI that finds {@code server} and its token in the environment. */
  public static GraphCli against(GraphTestServer server, Path home) {
    return new GraphCli(home)
        .env("MATCHLIST_BASE_URL", server.baseUrl())
        .env("MATCHLIST_TOKEN", server.token());
  }

  public GraphCli env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  public GraphCli withoutEnv(String name) {
    environment.remove(name);
    return this;
  }

  /** Runs {@code matchlist args...} to completion (at most five minutes). */
  public Result run(String... args) {
    try {
      Path out = Files.createTempFile(home, "cli", ".out");
      Path err = Files.createTempFile(home, "cli", ".err");
      Process process =
          builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      process.getOutputStream().close();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("matchlist " + List.of(args) + " did not finish");
      }
      Result result =
          new Result(
              process.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts {@code matchlist args...} with stdout and stderr going to the given files. */
  public Process start(Path out, Path err, String... args) {
    try {
      return builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ProcessBuilder builder(String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Matchlist.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("MATCHLIST_"));
    builder.environment().putAll(environment);
    return builder;
  }
}
