package dev.matchlist.bench;

import dev.matchlist.server.matching.IdentifierChunk;
import dev.matchlist.server.matching.IdentityBase;
import dev.matchlist.server.matching.IdentityIndex;
import dev.matchlist.server.matching.IdentityKind;
import dev.matchlist.server.matching.PersonIdentifier;
import dev.matchlist.server.store.RocksIdentityStore;
import dev.matchlist.server.store.RocksStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Identity index look-ups per second, hits and misses, over {@code size} random identifiers
 * (look-ups sample 64 Ki identifiers spread over the whole table, so most miss the CPU caches as in
 * production). {@link #main} measures what JMH does not: resident bytes per identifier, load rate,
 * and the identity base's rebuild time from RocksDB.
 *
 * <pre>
 * ./mvnw -q -B -pl bench -am package -DskipTests
 * java -Xmx4g -jar bench/target/benchmarks.jar IdentityIndex -f 1 -wi 2 -i 3 -w 2s -r 3s
 * java -Xmx4g -cp bench/target/benchmarks.jar dev.matchlist.bench.IdentityIndexBenchmark memory 10000000
 * java -Xmx4g --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     dev.matchlist.bench.IdentityIndexBenchmark rebuild 2000000 [users per upsertAll, 10000] [reserve]
 * java -Xmx6g -XX:+UseTransparentHugePages -cp bench/target/benchmarks.jar \
 *     dev.matchlist.bench.IdentityIndexBenchmark fill 40000000
 * </pre>
 *
 * <p>{@code fill N} does what a bulk identity load does to a presized index, in its shape: per
 * request of 10,000 users, one grouped look-up of their 10,000 emails, then one {@code putAll} of
 * those and 10,000 phones; it prints the nanoseconds per identifier of each.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
public class IdentityIndexBenchmark {
  private static final int SAMPLE = 1 << 16;

  @Param({"10000000"})
  public int size;

  private IdentityIndex index;
  private byte[] present;
  private byte[] absent;

  @Setup
  public void setUp() {
    index = new IdentityIndex(size);
    SplittableRandom random = new SplittableRandom(1);
    present = new byte[SAMPLE * 32];
    int every = Math.max(1, size / SAMPLE);
    byte[] id = new byte[32];
    for (int i = 0; i < size; i++) {
      random.nextBytes(id);
      index.put(IdentityKind.EMAIL, id, i);
      if (i % every == 0 && i / every < SAMPLE) {
        System.arraycopy(id, 0, present, (i / every) * 32, 32);
      }
    }
    absent = new byte[SAMPLE * 32];
    new SplittableRandom(2).nextBytes(absent);
  }

  /** Per-thread cursor, so threads do not share a counter. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int advance() {
      next = (next + 40_503) & (SAMPLE - 1); // odd stride: visits every sample, no pattern
      return next * 32;
    }
  }

  @Benchmark
  public int hit(Cursor cursor) {
    return index.personOf(IdentityKind.EMAIL, present, cursor.advance());
  }

  @Benchmark
  public int miss(Cursor cursor) {
    return index.personOf(IdentityKind.EMAIL, absent, cursor.advance());
  }

  @Benchmark
  @Threads(2)
  public int hitTwoThreads(Cursor cursor) {
    return index.personOf(IdentityKind.EMAIL, present, cursor.advance());
  }

  /** {@code memory N} or {@code rebuild N}; see the class comment. */
  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "memory";
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
    if (mode.equals("fill")) {
      fill(count);
    } else if (mode.equals("rebuild")) {
      rebuild(
          count,
          args.length > 2 ? Integer.parseInt(args[2]) : 10_000,
          args.length > 3 && args[3].equals("reserve"));
    } else {
      memory(count, true);
      memory(count, false);
    }
  }

  private static void fill(int count) {
    int users = 10_000;
    IdentityIndex index = new IdentityIndex(count);
    SplittableRandom random = new SplittableRandom(4);
    byte[] emails = new byte[users * 32];
    byte[] phone = new byte[32];
    int[] owners = new int[users];
    IdentifierChunk chunk = new IdentifierChunk(2 * users);
    long lookUpNanos = 0;
    long putNanos = 0;
    int person = 0;
    for (int filled = 0; filled + 2 * users <= count; filled += 2 * users) {
      random.nextBytes(emails);
      long start = System.nanoTime();
      index.personsOf(IdentityKind.EMAIL, emails, users, owners);
      lookUpNanos += System.nanoTime() - start;
      chunk.clear();
      for (int i = 0; i < users; i++) {
        chunk.add(IdentityKind.EMAIL, emails, i * 32, person);
        random.nextBytes(phone);
        chunk.add(IdentityKind.PHONE, phone, 0, person++);
      }
      start = System.nanoTime();
      index.putAll(chunk);
      putNanos += System.nanoTime() - start;
    }
    System.out.printf(
        "fill %,d identifiers: look-up %.0f ns/email, put %.0f ns/identifier%n",
        index.size(), (double) lookUpNanos / person, (double) putNanos / (2L * person));
  }

  private static void memory(int count, boolean presized) {
    long before = usedHeap();
    long start = System.nanoTime();
    IdentityIndex index = presized ? new IdentityIndex(count) : new IdentityIndex();
    SplittableRandom random = new SplittableRandom(3);
    byte[] id = new byte[32];
    for (int i = 0; i < count; i++) {
      random.nextBytes(id);
      index.put(IdentityKind.values()[i % 4], id, i / 3);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long after = usedHeap();
    System.out.printf(
        "%s: %,d identifiers, %.1f bytes resident each (heap %,d → %,d; load %.2f),"
            + " loaded in %.2f s (%,.0f /s)%n",
        presized ? "presized" : "grown from empty",
        index.size(),
        (after - before) / (double) count,
        before,
        after,
        index.size() / (double) index.capacity(),
        seconds,
        count / seconds);
  }

  /**
   * Loads {@code count} identifiers (two per user) in batches of {@code batchUsers}, the index
   * sized for all of them first if {@code reserve}, and reopens.
   */
  private static void rebuild(int count, int batchUsers, boolean reserve) throws Exception {
    Path dir = Files.createTempDirectory("identity-rebuild");
    SplittableRandom random = new SplittableRandom(4);
    int users = count / 2;
    long start = System.nanoTime();
    try (RocksStore rocks = RocksStore.open(dir)) {
      IdentityBase base = IdentityBase.open(new RocksIdentityStore(rocks));
      if (reserve) {
        base.reserve(count, users);
      }
      Map<String, List<PersonIdentifier>> batch = new LinkedHashMap<>();
      for (int u = 0; u < users; u++) {
        byte[] email = new byte[32];
        byte[] phone = new byte[32];
        random.nextBytes(email);
        random.nextBytes(phone);
        batch.put(
            "user-" + u,
            List.of(
                new PersonIdentifier(IdentityKind.EMAIL, email),
                new PersonIdentifier(IdentityKind.PHONE, phone)));
        if (batch.size() == batchUsers) {
          base.upsertAll(batch);
          batch.clear();
        }
      }
      base.upsertAll(batch);
    }
    double loadSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "loaded %,d users (%,d identifiers) through IdentityBase.upsertAll, batches of %,d users%s,"
            + " in %.1f s (%,.0f identifiers/s)%n",
        users,
        2L * users,
        batchUsers,
        reserve ? ", index reserved up front" : "",
        loadSeconds,
        2L * users / loadSeconds);
    long heapBefore = usedHeap();
    start = System.nanoTime();
    try (RocksStore rocks = RocksStore.open(dir)) {
      IdentityBase base = IdentityBase.open(new RocksIdentityStore(rocks));
      double seconds = (System.nanoTime() - start) / 1e9;
      long heapAfter = usedHeap();
      System.out.printf(
          "reopened: %,d identifiers rebuilt into the index in %.1f s (%,.0f /s),"
              + " %.1f bytes of heap each%n",
          base.identifierCount(),
          seconds,
          base.identifierCount() / seconds,
          (heapAfter - heapBefore) / (double) base.identifierCount());
    }
  }

  private static long usedHeap() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
