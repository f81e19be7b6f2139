package dev.matchlist.cli.launcher;

import dev.matchlist.cli.CliProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A temporary checkout for {@code bin/matchlist}: the launcher and the packaged jars copied into
 * {@code root}, run as a user runs it. Used after {@code package} (cli/pom.xml), on the jar just
 * built.
 */
final class LauncherRoot {
  static final String VERSION_LINE = "matchlist 0.1.0\n";

  /** One run of the launcher. */
  record Run(int exitCode, String stdout, String stderr) {}

  private final Path root;

  LauncherRoot(Path root) {
    this.root = root;
  }

  /** bin/matchlist, cli/target/matchlist.jar and cli/target/lib, with their modification times. */
  LauncherRoot withLauncherAndJars() throws IOException {
    withLauncherAndLibs();
    copy(CliProcess.repositoryRoot().resolve("cli/target/matchlist.jar"), jar());
    return this;
  }

  /** bin/matchlist and cli/target/lib, but no cli/target/matchlist.jar: a checkout not built. */
  LauncherRoot withLauncherAndLibs() throws IOException {
    Path repo = CliProcess.repositoryRoot();
    copy(repo.resolve("bin/matchlist"), root.resolve("bin/matchlist"));
    try (Stream<Path> libs = Files.list(repo.resolve("cli/target/lib"))) {
      for (Path lib : libs.toList()) {
        copy(lib, root.resolve("cli/target/lib").resolve(lib.getFileName()));
      }
    }
    return this;
  }

  Path jar() {
    return root.resolve("cli/target/matchlist.jar");
  }

  static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Runs the copied launcher with this test's JDK as JAVA_HOME, unless {@code env} says else. */
  Run run(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(root.resolve("bin/matchlist").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("MATCHLIST_JAVA_OPTS");
    builder.environment().remove("MATCHLIST_AOT");
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      CompletableFuture<String> out = read(process.getInputStream());
      CompletableFuture<String> err = read(process.getErrorStream());
      process.getOutputStream().close();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("bin/matchlist did not finish: " + command);
      }
      return new Run(process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static CompletableFuture<String> read(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
