package dev.matchlist.bench.growth;

import dev.matchlist.server.matching.IdentityIndex;
import dev.matchlist.server.matching.IdentityKind;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One thread's identity look-up cost as the index grows, for working sets of several sizes: the
 * question behind the "how cost grows" chart that neither {@code matchlist bench} (its 16 bodies
 * name 160,000 people, whatever the population) nor the JMH {@code IdentityIndexBenchmark} (65,536
 * keys) asks, since both keep the look-ups within a few megabytes of the table.
 *
 * <p>For each index size it fills a presized index with random identifiers, keeps an evenly spread
 * sample of them, then looks up working sets of 2^16, 2^18 and 2^22 of those keys in a scrambled
 * order (an odd stride, so every key is visited and the hardware prefetcher sees no pattern), after
 * a warm-up, and prints nanoseconds per look-up. The keys sit in one array, read in turn; the table
 * slots they hit are what grows.
 *
 * <p>Usage: {@code java -Xmx8g -cp bench/target/benchmarks.jar
 * dev.matchlist.bench.growth.LookupGrowth [identifiers …]} (default 3 M, 30 M and 50 M: the
 * identifiers of 1 M, 10 M and 20 M synthetic people).
 */
public final class LookupGrowth {
  private static final int[] WORKING_SETS = {1 << 16, 1 << 18, 1 << 22};
  private static final long WARMUP_NANOS = 1_000_000_000L;
  private static final long MEASURE_NANOS = 3_000_000_000L;

  private LookupGrowth() {}

  public static void main(String[] args) {
    int[] sizes =
        args.length == 0
            ? new int[] {3_000_000, 30_000_000, 50_000_000}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    System.out.println("| identifiers | table | working set | ns per look-up |");
    System.out.println("|---|---|---|---|");
    for (int size : sizes) {
      measure(size);
    }
  }

  private static void measure(int size) {
    int largest = Math.min(WORKING_SETS[WORKING_SETS.length - 1], Integer.highestOneBit(size));
    IdentityIndex index = new IdentityIndex(size);
    byte[] sample = new byte[largest * 32];
    SplittableRandom random = new SplittableRandom(1);
    byte[] id = new byte[32];
    int every = Math.max(1, size / largest);
    for (int i = 0; i < size; i++) {
      random.nextBytes(id);
      index.put(IdentityKind.EMAIL, id, i);
      if (i % every == 0 && i / every < largest) {
        System.arraycopy(id, 0, sample, (i / every) * 32, 32);
      }
    }
    for (int workingSet : WORKING_SETS) {
      if (workingSet > largest) {
        continue;
      }
      lookups(index, sample, workingSet, WARMUP_NANOS);
      double nanos = lookups(index, sample, workingSet, MEASURE_NANOS);
      System.out.printf(
          Locale.ROOT,
          "| %,d | %,d MiB | %,d keys | %.0f |%n",
          size,
          (long) index.capacity() * 36 >> 20,
          workingSet,
          nanos);
    }
  }

  /** Looks up keys of the working set for about {@code nanos}; returns ns per look-up. */
  private static double lookups(IdentityIndex index, byte[] sample, int workingSet, long nanos) {
    int mask = workingSet - 1;
    int next = 0;
    long count = 0;
    long found = 0;
    long start = System.nanoTime();
    long end = start + nanos;
    long now;
    do {
      for (int i = 0; i < 4096; i++) {
        next = (next + 40_503) & mask;
        found += index.personOf(IdentityKind.EMAIL, sample, next * 32);
      }
      count += 4096;
      now = System.nanoTime();
    } while (now < end);
    if (found < 0) {
      // Keeps the look-ups from being optimized away; person ids are never negative in sum here.
      System.out.println(found);
    }
    return (now - start) / (double) count;
  }
}
