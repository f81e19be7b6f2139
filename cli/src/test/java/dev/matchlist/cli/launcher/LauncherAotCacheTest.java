package dev.matchlist.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/matchlist}'s AOT cache for one-shot commands, run as a user runs it: the launcher and
 * the packaged jars copied into a temporary checkout, so the cache it trains is this test's own.
 * Runs after {@code package} (cli/pom.xml), on the jar just built.
 */
class LauncherAotCacheTest {
  private static final String VERSION_LINE = LauncherRoot.VERSION_LINE;

  @TempDir Path root;

  @Test
  void trainsOnceThenStartsFromTheCacheAndRetrainsWhenTheJarChanges() throws IOException {
    copyLauncherAndJars();

    LauncherRoot.Run first = launcher(Map.of(), "--version");
    assertThat(first.stdout()).as(first.stderr()).isEqualTo(VERSION_LINE);
    assertThat(first.stderr()).contains("preparing the start-up cache");
    Path cache = onlyCache();

    Path classLog = root.resolve("classes.log");
    LauncherRoot.Run second =
        launcher(Map.of("MATCHLIST_JAVA_OPTS", "-Xlog:class+load:file=" + classLog), "--version");
    assertThat(second.stdout()).as(second.stderr()).isEqualTo(VERSION_LINE);
    assertThat(second.stderr()).isEmpty();
    assertThat(Files.readString(classLog))
        .containsPattern("dev\\.matchlist\\.cli\\.Matchlist source: shared objects file");

    Files.setLastModifiedTime(
        jar(), FileTime.fromMillis(Files.getLastModifiedTime(cache).toMillis() + 2000));
    LauncherRoot.Run afterRebuild = launcher(Map.of(), "--version");
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

    LauncherRoot.Run run = launcher(Map.of(), "--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).isEqualTo(VERSION_LINE);
    assertThat(run.stderr()).isEmpty();
  }

  @Test
  void withTheCacheTurnedOffNothingIsTrained() throws IOException {
    copyLauncherAndJars();

    LauncherRoot.Run run = launcher(Map.of("MATCHLIST_AOT", "off"), "--version");

    assertThat(run.stdout()).isEqualTo(VERSION_LINE);
    assertThat(run.stderr()).isEmpty();
    assertThat(root.resolve("cli/target/aot")).doesNotExist();
  }

  private void copyLauncherAndJars() throws IOException {
    new LauncherRoot(root).withLauncherAndJars();
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

  private LauncherRoot.Run launcher(Map<String, String> env, String... args) {
    return new LauncherRoot(root).run(env, args);
  }
}
