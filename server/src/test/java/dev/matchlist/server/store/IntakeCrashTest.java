package dev.matchlist.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged = durable: a child process appends from several threads and prints each position as
 * its append returns; we kill -9 it mid-stream and find every printed entry intact.
 */
class IntakeCrashTest {
  private static final int CYCLES = 3;
  private static final int ACKS_BEFORE_KILL = 400;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedAppendSurvivesKillDashNine() throws Exception {
    Map<Long, String> acknowledged = new HashMap<>();
    for (int cycle = 0; cycle < CYCLES; cycle++) {
      acknowledged.putAll(appendUntilKilled(cycle));
      try (RocksStore store = RocksStore.open(dir)) {
        IntakeLog log = new RocksIntakeLog(store);
        Map<Long, String> stored = new HashMap<>();
        for (IntakeLog.Entry e : log.readAfter(0, Integer.MAX_VALUE)) {
          stored.put(e.position(), new String(e.bytes(), StandardCharsets.UTF_8));
        }
        assertThat(stored).containsAllEntriesOf(acknowledged);
      }
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(CYCLES * ACKS_BEFORE_KILL);
  }

  private Map<Long, String> appendUntilKilled(int cycle) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                AppendingProcess.class.getName(),
                dir.toString(),
                "c" + cycle)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    Map<Long, String> acks = new HashMap<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acks.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
        String[] parts = line.split(" ", 2);
        acks.put(Long.parseLong(parts[0]), parts[1]);
      }
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no RocksDB close
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(acks).hasSize(ACKS_BEFORE_KILL);
    return acks;
  }

  /** The child: appends forever from 4 threads, printing "position content" per acknowledgement. */
  public static final class AppendingProcess {
    public static void main(String[] args) throws Exception {
      RocksStore store = RocksStore.open(Path.of(args[0]));
      IntakeLog log = new RocksIntakeLog(store);
      for (int t = 0; t < 4; t++) {
        String prefix = args[1] + "-t" + t + "-";
        Thread.ofPlatform()
            .start(
                () -> {
                  for (long i = 0; ; i++) {
                    String content = prefix + i;
                    long position = log.append(content.getBytes(StandardCharsets.UTF_8));
                    synchronized (System.out) {
                      System.out.println(position + " " + content);
                      System.out.flush();
                    }
                  }
                });
      }
      Thread.sleep(60_000); // the parent kills us long before this
      System.exit(1);
    }
  }
}
