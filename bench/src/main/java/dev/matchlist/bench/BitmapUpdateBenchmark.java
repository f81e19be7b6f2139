package dev.matchlist.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.roaringbitmap.RoaringBitmap;

/**
 * The bitmap stage of matching, in rows per second on one thread: adding the matched people of a
 * 10,000-row batch to an audience's RoaringBitmap. {@code add} is the bare add per row; {@code
 * addAsMatcher} also does what the matcher does per added row today (clear the person's Limited
 * Data Use mark: a bitmap remove and a boxed HashMap remove); {@code addN} adds the batch's ids
 * sorted, in one call. People are drawn at random from the population, so the bitmap fills up over
 * an iteration as a real audience does (it is reset each iteration).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar BitmapUpdate -f 1 -wi 2 -i 3 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BitmapUpdateBenchmark {
  private static final int ROWS = 10_000;
  private static final int BATCHES = 64;

  @Param({"1000000", "10000000"})
  public int population;

  private int[][] batches;
  private int[][] sortedBatches;
  private int next;
  private RoaringBitmap people;
  private RoaringBitmap ldu;
  private Map<Integer, Object> lduRegions;

  @Setup
  public void draw() {
    SplittableRandom random = new SplittableRandom(42);
    batches = new int[BATCHES][ROWS];
    sortedBatches = new int[BATCHES][];
    for (int b = 0; b < BATCHES; b++) {
      for (int r = 0; r < ROWS; r++) {
        batches[b][r] = random.nextInt(population);
      }
      sortedBatches[b] = batches[b].clone();
      java.util.Arrays.sort(sortedBatches[b]);
    }
  }

  @Setup(Level.Iteration)
  public void reset() {
    people = new RoaringBitmap();
    ldu = new RoaringBitmap();
    lduRegions = new HashMap<>();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public RoaringBitmap add() {
    int[] batch = batches[next++ & (BATCHES - 1)];
    for (int person : batch) {
      people.add(person);
    }
    return people;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public RoaringBitmap addAsMatcher() {
    int[] batch = batches[next++ & (BATCHES - 1)];
    for (int person : batch) {
      people.add(person);
      ldu.remove(person);
      lduRegions.remove(person);
    }
    return people;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public RoaringBitmap addN() {
    int[] batch = sortedBatches[next++ & (BATCHES - 1)];
    people.addN(batch, 0, batch.length);
    return people;
  }
}
