package dev.matchlist.server.matching;

import static dev.matchlist.server.matching.IdentityIndexTest.randomIds;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link IdentityIndex#growInBackground}: the new tables' allocation is held until a writer has put
 * part of its identifiers, so that puts land between the growth's plan and its install every time
 * (no timing). Each check runs with production shards and with shards of {@value #SMALL_SHARD}
 * slots, where a growth changes the shard count.
 */
class IdentityIndexBackgroundGrowthTest {
  private static final int SMALL_SHARD = 1024;

  @ParameterizedTest
  @ValueSource(ints = {IdentityIndex.SHARD_CAPACITY, SMALL_SHARD})
  void growingInTheBackgroundWhileOthersPutAndReadKeepsEveryIdentifier(int shardCapacity)
      throws Exception {
    IdentityIndex index = new IdentityIndex(0, shardCapacity);
    List<byte[]> stable = randomIds(5_000, 1);
    List<byte[]> written = randomIds(20_000, 2);
    putAll(index, stable, 0, 0, stable.size());
    CountDownLatch halfWritten = new CountDownLatch(1);
    index.slotAllocator = heldUntil(new CountDownLatch(1), halfWritten);
    AtomicBoolean running = new AtomicBoolean(true);
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    Thread reader =
        Thread.ofPlatform().start(() -> readUntilStopped(index, stable, running, wrong));

    var growth = index.growInBackground(200_000);
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  putAll(index, written, 100_000, 0, written.size() / 2);
                  halfWritten.countDown();
                  for (int i = written.size() / 2; i < written.size(); i++) {
                    index.put(IdentityKind.EMAIL, written.get(i), 100_000 + i);
                  }
                });
    boolean installed = growth.get(60, TimeUnit.SECONDS);
    writer.join();
    running.set(false);
    reader.join();

    assertThat(installed).isTrue();
    assertThat(wrong).isEmpty();
    assertFound(index, stable, 0, 0, stable.size());
    assertFound(index, written, 100_000, 0, written.size());
    assertThat(index.size()).isEqualTo(stable.size() + written.size());
    assertThat(index.shardCount()).isEqualTo(IdentityIndex.shardCountFor(200_000, shardCapacity));
    assertThat(index.capacity()).isEqualTo(presizedCapacity(200_000, shardCapacity));
  }

  @ParameterizedTest
  @ValueSource(ints = {IdentityIndex.SHARD_CAPACITY, SMALL_SHARD})
  void aFailedAllocationLeavesTheIndexAsItWas(int shardCapacity) throws Exception {
    IdentityIndex index = new IdentityIndex(0, shardCapacity);
    List<byte[]> ids = randomIds(10_000, 3);
    putAll(index, ids, 0, 0, 5_000);
    int capacity = index.capacity();
    int shards = index.shardCount();
    AtomicInteger allocations = new AtomicInteger();
    int failing = shardCapacity == SMALL_SHARD ? 3 : 1; // sharded: some tables were made already
    index.slotAllocator =
        bytes -> {
          if (allocations.incrementAndGet() >= failing) {
            throw new OutOfMemoryError("provoked by the test");
          }
          return new byte[bytes];
        };

    assertThat(index.growInBackground(500_000).get(60, TimeUnit.SECONDS)).isFalse();

    assertThat(allocations.get()).isEqualTo(failing);
    assertThat(index.capacity()).isEqualTo(capacity);
    assertThat(index.shardCount()).isEqualTo(shards);
    assertFound(index, ids, 0, 0, 5_000);
    putAll(index, ids, 0, 5_000, ids.size()); // and it still grows as puts need
    assertFound(index, ids, 0, 0, ids.size());
  }

  @ParameterizedTest
  @ValueSource(ints = {IdentityIndex.SHARD_CAPACITY, SMALL_SHARD})
  void aGrowthThatPutsOvertookLeavesTheLargerIndex(int shardCapacity) throws Exception {
    IdentityIndex index = new IdentityIndex(0, shardCapacity);
    List<byte[]> ids = randomIds(50_000, 4);
    CountDownLatch planned = new CountDownLatch(1);
    CountDownLatch allWritten = new CountDownLatch(1);
    index.slotAllocator = heldUntil(planned, allWritten);

    var growth = index.growInBackground(10_000); // planned for 10 k; 50 k arrive meanwhile
    planned.await(30, TimeUnit.SECONDS);
    putAll(index, ids, 0, 0, ids.size());
    int capacity = index.capacity();
    int shards = index.shardCount();
    allWritten.countDown();

    assertThat(growth.get(60, TimeUnit.SECONDS)).isTrue();
    assertThat(index.capacity()).isEqualTo(capacity);
    assertThat(index.shardCount()).isEqualTo(shards);
    assertFound(index, ids, 0, 0, ids.size());
  }

  @ParameterizedTest
  @ValueSource(ints = {IdentityIndex.SHARD_CAPACITY, SMALL_SHARD})
  void growthsAskedForTogetherRunInOrder(int shardCapacity) throws Exception {
    IdentityIndex index = new IdentityIndex(0, shardCapacity);
    List<byte[]> ids = randomIds(2_000, 5);
    putAll(index, ids, 0, 0, ids.size());

    var first = index.growInBackground(100_000);
    var second = index.growInBackground(60_000); // smaller: nothing left to do
    var third = index.growInBackground(150_000);

    assertThat(first.get(60, TimeUnit.SECONDS)).isTrue();
    assertThat(second.get(60, TimeUnit.SECONDS)).isFalse();
    assertThat(third.get(60, TimeUnit.SECONDS)).isTrue();
    assertThat(index.capacity()).isEqualTo(presizedCapacity(150_000, shardCapacity));
    assertFound(index, ids, 0, 0, ids.size());
  }

  /** The capacity of an index presized for {@code expected} identifiers. */
  private static long presizedCapacity(long expected, int shardCapacity) {
    int shards = IdentityIndex.shardCountFor(expected, shardCapacity);
    return shards * IdentityIndex.capacityFor(IdentityIndex.shareOf(expected, shards));
  }

  /**
   * Opens {@code allocating} (the growth is planned by then), then allocates once {@code gate}
   * opens (or after 30 s, so that a broken test ends).
   */
  private static IntFunction<byte[]> heldUntil(CountDownLatch allocating, CountDownLatch gate) {
    return bytes -> {
      allocating.countDown();
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new byte[bytes];
    };
  }

  private static void readUntilStopped(
      IdentityIndex index,
      List<byte[]> stable,
      AtomicBoolean running,
      ConcurrentLinkedQueue<String> wrong) {
    SplittableRandom random = new SplittableRandom(7);
    byte[] group = new byte[16 * IdentityIndex.IDENTIFIER_BYTES];
    int[] persons = new int[16];
    while (running.get()) {
      int first = random.nextInt(stable.size() - 16);
      int single = index.personOf(IdentityKind.EMAIL, stable.get(first), 0);
      if (single != first) {
        wrong.add(first + " -> " + single);
      }
      for (int i = 0; i < 16; i++) {
        System.arraycopy(stable.get(first + i), 0, group, i * IdentityIndex.IDENTIFIER_BYTES, 32);
      }
      index.personsOf(IdentityKind.EMAIL, group, 16, persons);
      for (int i = 0; i < 16; i++) {
        if (persons[i] != first + i) {
          wrong.add("group " + (first + i) + " -> " + persons[i]);
        }
      }
    }
  }

  /** Puts ids[from, to) as emails of persons personBase + i, in chunks of 500. */
  private static void putAll(
      IdentityIndex index, List<byte[]> ids, int personBase, int from, int to) {
    IdentifierChunk chunk = new IdentifierChunk(500);
    for (int i = from; i < to; i++) {
      chunk.add(IdentityKind.EMAIL, ids.get(i), 0, personBase + i);
      if (chunk.size() == 500 || i == to - 1) {
        index.putAll(chunk);
        chunk.clear();
      }
    }
  }

  private static void assertFound(
      IdentityIndex index, List<byte[]> ids, int personBase, int from, int to) {
    List<String> missing = new ArrayList<>();
    for (int i = from; i < to; i++) {
      int person = index.personOf(IdentityKind.EMAIL, ids.get(i), 0);
      if (person != personBase + i) {
        missing.add(i + " -> " + person);
      }
    }
    assertThat(missing).isEmpty();
  }
}
