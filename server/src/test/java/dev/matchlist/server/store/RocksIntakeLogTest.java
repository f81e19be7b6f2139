package dev.matchlist.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksIntakeLogTest {
  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsEntriesBackInPositionOrder() {
    try (RocksStore store = RocksStore.open(dir)) {
      IntakeLog log = new RocksIntakeLog(store);
      long first = log.append(bytes("a"));
      long second = log.append(bytes("b"));

      assertThat(second).isGreaterThan(first);
      List<IntakeLog.Entry> entries = log.readAfter(0, 10);
      assertThat(entries).extracting(IntakeLog.Entry::position).containsExactly(first, second);
      assertThat(new String(entries.get(1).bytes(), StandardCharsets.UTF_8)).isEqualTo("b");
      assertThat(log.readAfter(first, 10))
          .extracting(IntakeLog.Entry::position)
          .containsExactly(second);
    }
  }

  @Test
  void readAfterReturnsAtMostMaxEntries() {
    try (RocksStore store = RocksStore.open(dir)) {
      IntakeLog log = new RocksIntakeLog(store);
      for (int i = 0; i < 5; i++) {
        log.append(bytes("e" + i));
      }
      assertThat(log.readAfter(0, 3)).hasSize(3);
    }
  }

  @Test
  void entriesSurviveReopening() {
    try (RocksStore store = RocksStore.open(dir)) {
      new RocksIntakeLog(store).append(bytes("kept"));
    }
    try (RocksStore store = RocksStore.open(dir)) {
      List<IntakeLog.Entry> entries = new RocksIntakeLog(store).readAfter(0, 10);
      assertThat(entries).hasSize(1);
      assertThat(new String(entries.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo("kept");
    }
  }

  @Test
  void positionsAreNotReusedAfterDeletingEverythingAndReopening() {
    long last;
    try (RocksStore store = RocksStore.open(dir)) {
      IntakeLog log = new RocksIntakeLog(store);
      log.append(bytes("x"));
      last = log.append(bytes("y"));
      log.deleteThrough(last);
      assertThat(log.readAfter(0, 10)).isEmpty();
    }
    try (RocksStore store = RocksStore.open(dir)) {
      long next = new RocksIntakeLog(store).append(bytes("z"));
      assertThat(next).isGreaterThan(last);
    }
  }

  @Test
  void deleteThroughKeepsLaterEntries() {
    try (RocksStore store = RocksStore.open(dir)) {
      IntakeLog log = new RocksIntakeLog(store);
      long a = log.append(bytes("a"));
      long b = log.append(bytes("b"));
      log.deleteThrough(a);
      assertThat(log.readAfter(0, 10)).extracting(IntakeLog.Entry::position).containsExactly(b);
    }
  }

  @Test
  void aReaderRacingConcurrentAppendersSeesEveryEntryOnceAndInOrder() throws Exception {
    int writers = 4;
    int perWriter = 300;
    try (RocksStore store = RocksStore.open(dir)) {
      IntakeLog log = new RocksIntakeLog(store);
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Long>>> appended = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        appended.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Long> positions = new ArrayList<>();
                  for (int i = 0; i < perWriter; i++) {
                    positions.add(log.append(bytes("entry")));
                  }
                  return positions;
                }));
      }
      AtomicBoolean writing = new AtomicBoolean(true);
      List<Long> seen = new ArrayList<>();
      Thread reader =
          new Thread(
              () -> {
                long cursor = 0;
                boolean lastRound = false;
                while (true) {
                  for (IntakeLog.Entry e : log.readAfter(cursor, 50)) {
                    seen.add(e.position());
                    cursor = e.position();
                  }
                  if (lastRound) {
                    return;
                  }
                  lastRound = !writing.get();
                }
              });
      reader.start();
      start.countDown();
      ConcurrentHashMap.KeySetView<Long, Boolean> all = ConcurrentHashMap.newKeySet();
      for (Future<List<Long>> f : appended) {
        all.addAll(f.get());
      }
      writing.set(false);
      reader.join();
      pool.shutdown();
      // The last round may have stopped on its batch size; drain what is left from its cursor.
      long cursor = seen.isEmpty() ? 0 : seen.get(seen.size() - 1);
      for (List<IntakeLog.Entry> rest = log.readAfter(cursor, 1000); !rest.isEmpty(); ) {
        rest.forEach(e -> seen.add(e.position()));
        rest = log.readAfter(seen.get(seen.size() - 1), 1000);
      }

      assertThat(all).hasSize(writers * perWriter);
      assertThat(seen).isSorted().doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    }
  }
}
