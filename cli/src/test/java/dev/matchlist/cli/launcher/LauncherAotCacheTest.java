package dev.matchlist.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.cli.CliProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/matchlist}'s AOT cache for one-shot commands, run as a user runs it: the launcher and
 * the packaged jars copied into a temporary checkout, so the cache it trains is this test's own.
 * Runs after {@code package} (cli/pom.xml), on the jar just built.
 */
class LauncherAotCacheTest {
  private static final String VERSION_LINE = "matchlist 0.1.0\n";

  @TempDir Path root;

  @Test
  void trainsOnceThenStartsFromTheCacheAndRetrainsWhenTheJarChanges() throws IOException {
    copyLauncherAndJars();

    Run first = launcher(Map.of(), "--version");
    assertThat(first.stdout()).as(first.stderr()).isEqualTo(VERSION_LINE);
    assertThat(first.stderr()).contains("preparing the start-up cache");
    Path cache = onlyCache();

    Path classLog = root.resolve("classes.log");
    Run second =
        launcher(Map.of("MATCHLIST_JAVA_OPTS", "-Xlog:class+load:file=" + classLog), "--version");
    assertThat(second.stdout()).as(second.stderr()).isEqualTo(VERSION_LINE);
    assertThat(second.stderr()).isEmpty();
    assertThat(Files.readString(classLog))
        .containsPattern("dev\\.matchlist\\.cli\\.Matchlist source: shared objects file");

    Files.setLastModifiedTime(
        jar(), FileTime.fromMillis(Files.getLastModifiedTime(cache).toMillis() + 2000));
    Run afterRebuild = launcher(Map.of(), "--version");
    assertThat(afterRebuild.stdout()).isEqualTo(VERSION_LINE);
    assertThat(afterRebuild.stderr()).contains("preparing the start-up cache");
  }

  @Test
  void aCacheTheJvmRejectsCostsNothingButTheCache() throws IOException {
    copyLauncherAndJars();
    Path dir = Files.createDirectories(root.resolve("cli/target/aot"));
    // Written after the jars, so the launcher takes it as current: only the JVM can tell it is
    // wrong.
    String vmVersion = System.getProperty("java.vm.version");
    Path cache = dir.resolve("matchlist-" + vmVersion.replaceAll("[^A-Za-z0-9._+-]", "_") + ".aot");
    Files.write(cache, new byte[4096]);

    Run run = launcher(Map.of(), "--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).isEqualTo(VERSION_LINE);
    assertThat(run.stderr()).isEmpty();
  }

  @Test
  void withTheCacheTurnedOffNothingIsTrained() throws IOException {
    copyLauncherAndJars();

    Run run = launcher(Map.of("MATCHLIST_AOT", "off"), "--version");

    assertThat(run.stdout()).isEqualTo(VERSION_LINE);
    assertThat(run.stderr()).isEmpty();
    assertThat(root.resolve("cli/target/aot")).doesNotExist();
  }

  private record Run(int exitCode, String stdout, String stderr) {}

  /** bin/matchlist, cli/target/matchlist.jar and cli/target/lib, with their modification times. */
  private void copyLauncherAndJars() throws IOException {
    Path repo = CliProcess.repositoryRoot();
    copy(repo.resolve("bin/matchlist"), root.resolve("bin/matchlist"));
    copy(repo.resolve("cli/target/matchlist.jar"), jar());
    try (Stream<Path> libs = Files.list(repo.resolve("cli/target/lib"))) {
      for (Path lib : libs.toList()) {
        copy(lib, root.resolve("cli/target/lib").resolve(lib.getFileName()));
      }
    }
  }

  private Path jar() {
    return root.resolve("cli/target/matchlist.jar");
  }

  private Path onlyCache() throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("cli/target/aot"))) {
      List<Path> caches = files.filter(f -> f.toString().endsWith(".aot")).toList();
      assertThat(caches).hasSize(1);
      return caches.getFirst();
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Runs the copied launcher with this test's JDK as JAVA_HOME. */
  private Run launcher(Map<String, String> env, String... args) {
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
