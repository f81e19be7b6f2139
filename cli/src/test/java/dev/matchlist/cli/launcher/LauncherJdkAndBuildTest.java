package dev.matchlist.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.matchlist.cli.CliProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/matchlist} "finds a JDK ≥ 21 by itself and builds the project first when it has not
 * been built" (issue 2), run on a copy of the launcher and jars. The start-up cache is off: these
 * runs take a second each.
 */
class LauncherJdkAndBuildTest {
  private static final Pattern SPEC_VERSION =
      Pattern.compile("java\\.specification\\.version = (\\d+)");

  @TempDir Path root;

  @Test
  void withJdk17AsJavaHomeAndOnThePathItStillRunsOnAJdk21OrNewer() throws IOException {
    Path jdk17 = jdk17().orElse(null);
    assumeTrue(jdk17 != null, "no JDK 17 under /usr/lib/jvm to hide the others behind");
    LauncherRoot launcher = new LauncherRoot(root).withLauncherAndJars();
    Path bin = Files.createDirectories(root.resolve("jdk17-bin"));
    Files.createSymbolicLink(bin.resolve("java"), jdk17.resolve("bin/java"));

    LauncherRoot.Run run =
        launcher.run(
            Map.of(
                "JAVA_HOME",
                jdk17.toString(),
                "PATH",
                bin + ":/usr/bin:/bin",
                "MATCHLIST_AOT",
                "off",
                "MATCHLIST_JAVA_OPTS",
                "-XshowSettings:properties"),
            "--version");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).isEqualTo(LauncherRoot.VERSION_LINE);
    Matcher version = SPEC_VERSION.matcher(run.stderr());
    assertThat(version.find()).as(run.stderr()).isTrue();
    assertThat(Integer.parseInt(version.group(1))).isGreaterThanOrEqualTo(21);
    assertThat(run.stderr()).doesNotContain("java.home = " + jdk17);
  }

  @Test
  void withoutTheJarItBuildsFirstThenNotAgainUntilASourceChanges() throws IOException {
    LauncherRoot launcher = new LauncherRoot(root).withLauncherAndLibs();
    Path built = root.resolve("build-output/matchlist.jar");
    LauncherRoot.copy(CliProcess.repositoryRoot().resolve("cli/target/matchlist.jar"), built);
    Path calls = root.resolve("mvnw.calls");
    // A stand-in for the Maven wrapper: records how it was called and puts the jar in place.
    Path mvnw = root.resolve("mvnw");
    Files.writeString(
        mvnw,
        "#!/bin/sh\n"
            + "echo \"$PWD $*\" >> mvnw.calls\n"
            + "mkdir -p cli/target && cp build-output/matchlist.jar cli/target/matchlist.jar\n");
    Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = Map.of("MATCHLIST_AOT", "off");

    LauncherRoot.Run first = launcher.run(env, "--version");

    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(first.stdout()).isEqualTo(LauncherRoot.VERSION_LINE);
    assertThat(first.stderr()).contains("matchlist: building");
    assertThat(Files.readAllLines(calls))
        .containsExactly(root.toRealPath() + " -q -B package -DskipTests -pl cli -am");

    LauncherRoot.Run second = launcher.run(env, "--version");

    assertThat(second.stdout()).isEqualTo(LauncherRoot.VERSION_LINE);
    assertThat(second.stderr()).isEmpty();
    assertThat(Files.readAllLines(calls)).hasSize(1);

    Path source = root.resolve("core/src/main/java/Changed.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "class Changed {}\n");
    Files.setLastModifiedTime(
        source, FileTime.fromMillis(Files.getLastModifiedTime(launcher.jar()).toMillis() + 2000));

    LauncherRoot.Run afterEdit = launcher.run(env, "--version");

    assertThat(afterEdit.stdout()).isEqualTo(LauncherRoot.VERSION_LINE);
    assertThat(afterEdit.stderr()).contains("matchlist: building");
    assertThat(Files.readAllLines(calls)).hasSize(2);
  }

  /** A JDK 17 of this machine, found by its release file. */
  private static Optional<Path> jdk17() throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(jvms)) {
      for (Path dir : dirs.sorted().toList()) {
        Path release = dir.resolve("release");
        if (Files.isExecutable(dir.resolve("bin/java"))
            && Files.isRegularFile(release)
            && List.of(Files.readString(release).split("\n")).stream()
                .anyMatch(line -> line.startsWith("JAVA_VERSION=\"17"))) {
          return Optional.of(dir.toRealPath());
        }
      }
    }
    return Optional.empty();
  }
}
