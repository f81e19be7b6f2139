package dev.matchlist.bench;

import dev.matchlist.bench.load.KeySet;
import dev.matchlist.core.payload.PayloadParser;
import dev.matchlist.core.payload.ValidatedPayload;
import dev.matchlist.server.intake.IntakeBatch;
import dev.matchlist.server.intake.Operation;
import dev.matchlist.server.store.RocksIntakeLog;
import dev.matchlist.server.store.RocksStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The durable intake stage, in rows per second: encoding a validated 10,000-row batch into its log
 * bytes ({@code encode}), and appending it to a {@link RocksIntakeLog} in a temporary directory
 * with a synced write, from one thread and from two (where RocksDB's group commit shares the
 * fsync). Applied entries are deleted as the server's matcher would, so the log stays small.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar IntakeLogAppend \
 *     -f 1 -wi 2 -i 3 -w 2s -r 3s
 * </pre>
 *
 * <p>The fsync cost depends on the file system of {@code java.io.tmpdir}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IntakeLogAppendBenchmark {
  private static final int ROWS = 10_000;

  @Param({"SINGLE", "FIVE"})
  public KeySet keys;

  private Path dir;
  private RocksStore store;
  private RocksIntakeLog log;
  private IntakeBatch batch;
  private byte[] entry;
  private final AtomicLong appends = new AtomicLong();

  @Setup
  public void open() throws Exception {
    dir = Files.createTempDirectory("matchlist-intake-bench");
    store = RocksStore.open(dir);
    log = new RocksIntakeLog(store);
    ValidatedPayload payload = new PayloadParser().parse(keys.payload(0, ROWS, 1_000_000));
    batch =
        new IntakeBatch(
            "act_1", "6001", Operation.ADD, 1L, 0, payload.rowsReceived(), payload.rows());
    entry = batch.encode();
  }

  @TearDown
  public void close() throws IOException {
    store.close();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public byte[] encode() {
    return batch.encode();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long append() {
    return appendAndTrim();
  }

  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(ROWS)
  public long appendTwoThreads() {
    return appendAndTrim();
  }

  private long appendAndTrim() {
    long position = log.append(entry);
    if (appends.incrementAndGet() % 64 == 0) {
      log.deleteThrough(position - 4);
    }
    return position;
  }
}
