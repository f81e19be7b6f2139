package dev.matchlist.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that uses RocksDB and then dies without an orderly exit (as the server halts on
 * SIGTERM) leaves no copy of the native library in its temp directory.
 */
class RocksNativeLibraryTest {
  @TempDir Path tmp;
  @TempDir Path data;

  @Test
  void aHaltedProcessLeavesNoNativeLibraryInItsTempDirectory() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                OpenAndHalt.class.getName(),
                data.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes());
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(child.exitValue()).as(output).isEqualTo(3);
    assertThat(output).contains("opened");
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }

  /** The child: opens a store, then halts (no shutdown hooks, no deleteOnExit). */
  public static final class OpenAndHalt {
    public static void main(String[] args) {
      RocksStore.open(Path.of(args[0]));
      System.out.println("opened");
      System.out.flush();
      Runtime.getRuntime().halt(3);
    }
  }
}
