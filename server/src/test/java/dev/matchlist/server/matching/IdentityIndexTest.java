package dev.matchlist.server.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.matchlist.core.Hex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Most checks run twice: with production shards (small indexes are one table) and with shards of
 * {@value #SMALL_SHARD} slots, so that the same few thousand identifiers spread over tens to
 * hundreds of shards and resizes split the index.
 */
class IdentityIndexTest {
  private static final IdentityKind[] KINDS = IdentityKind.values();

  /** A shard capacity small enough to shard a test's identifiers, large enough for its twins. */
  private static final int SMALL_SHARD = 1024;

  private static IdentityIndex newIndex(int shardCapacity) {
    return new IdentityIndex(0, shardCapacity);
  }

  @ParameterizedTest
  @ValueSource(ints = {IdentityIndex.SHARD_CAPACITY, SMALL_SHARD})
  void seededRandomOperationsAgreeWithAHashMap(int shardCapacity) throws IOException {
    for (long seed = 1; seed <= 20; seed++) {
      runAgainstReference(seed, 20_000, shardCapacity);
    }
  }

  /**
   * Two formulations of the same operations: the index and a HashMap keyed by (kind, hex). A small
   * pool of identifiers (a quarter of them sharing one 64-bit prefix) makes hits, replacements,
   * removals of absent ones, prefix collisions and resizes from the minimum capacity all common.
   */
  private static void runAgainstReference(long seed, int operations, int shardCapacity)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> pool = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      byte[] id = new byte[32];
      random.nextBytes(id);
      if (i % 4 == 0) {
        System.arraycopy(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, id, 0, 8);
      }
      pool.add(id);
    }
    IdentityIndex index = newIndex(shardCapacity);
    Map<String, Integer> reference = new HashMap<>();
    List<String> log = new ArrayList<>();
    for (int op = 0; op < operations; op++) {
      byte[] id = pool.get(random.nextInt(pool.size()));
      IdentityKind kind = KINDS[random.nextInt(3)];
      String key = kind + ":" + Hex.encode(id);
      int person = random.nextInt(5_000);
      int choice = random.nextInt(10);
      String step;
      boolean agree;
      if (choice < 5) {
        step = "put " + key + " " + person;
        Integer previous = reference.put(key, person);
        agree = index.put(kind, id, person) == (previous == null ? -1 : previous);
      } else if (choice < 7) {
        step = "remove " + key;
        Integer previous = reference.remove(key);
        agree = index.remove(kind, id) == (previous == null ? -1 : previous);
      } else if (choice < 8) {
        Integer current = reference.get(key);
        int only = current != null && random.nextBoolean() ? current : person;
        step = "removeIfPerson " + key + " " + only;
        boolean expected = current != null && current == only;
        if (expected) {
          reference.remove(key);
        }
        agree = index.remove(kind, id, only) == expected;
      } else {
        step = "get " + key;
        agree = index.personOf(kind, id, 0) == reference.getOrDefault(key, -1);
      }
      log.add(step);
      if (!agree || index.size() != reference.size()) {
        Path file =
            Path.of(
                "target",
                "identity-index-failure-seed-" + seed + "-shard-" + shardCapacity + ".txt");
        Files.createDirectories(file.getParent());
        Files.write(file, log);
        fail("index and HashMap disagree at step " + op + " (" + step + "); steps in " + file);
      }
    }
    for (Map.Entry<String, Integer> entry : reference.entrySet()) {
      String[] parts = entry.getKey().split(":");
      assertThat(index.personOf(IdentityKind.valueOf(parts[0]), Hex.decodeSha256(parts[1]), 0))
          .isEqualTo(entry.getValue());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {IdentityIndex.SHARD_CAPACITY, SMALL_SHARD})
  void putAllFromAnEmptyIndexGrowsOnceAndAgreesWithPutOneByOne(int shardCapacity) {
    SplittableRandom random = new SplittableRandom(7);
    IdentityIndex oneByOne = newIndex(shardCapacity);
    IdentityIndex chunked = newIndex(shardCapacity);
    IdentifierChunk chunk = new IdentifierChunk(4);
    List<byte[]> ids = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      byte[] id = new byte[32];
      random.nextBytes(id);
      ids.add(id);
      // every tenth entry repeats an earlier identifier for another person: the later one wins
      byte[] put = i % 10 == 9 ? ids.get(random.nextInt(i)) : id;
      oneByOne.put(KINDS[i % KINDS.length], put, i);
      chunk.add(KINDS[i % KINDS.length], put, 0, i);
    }
    chunked.putAll(chunk);

    assertThat(chunked.size()).isEqualTo(oneByOne.size());
    // grown once, straight to what an index presized for the chunk has
    assertThat(chunked.capacity()).isEqualTo(new IdentityIndex(5_000, shardCapacity).capacity());
    for (int i = 0; i < ids.size(); i++) {
      for (IdentityKind kind : KINDS) {
        assertThat(chunked.personOf(kind, ids.get(i), 0))
            .isEqualTo(oneByOne.personOf(kind, ids.get(i), 0));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {IdentityIndex.SHARD_CAPACITY, SMALL_SHARD})
  void putAllRefusesTheWholeChunkWhenOnePersonIsOutOfRange(int shardCapacity) {
    IdentityIndex index = newIndex(shardCapacity);
    IdentifierChunk chunk = new IdentifierChunk(2);
    chunk.add(IdentityKind.EMAIL, new byte[32], 0, 1);
    chunk.add(IdentityKind.PHONE, new byte[32], 0, IdentityIndex.MAX_PERSON + 1);

    assertThatThrownBy(() -> index.putAll(chunk)).isInstanceOf(IllegalArgumentException.class);
    assertThat(index.size()).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {IdentityIndex.SHARD_CAPACITY, SMALL_SHARD})
  void identifiersSharingTheirFirst8BytesAreToldApartByTheFullCompare(int shardCapacity) {
    IdentityIndex index = newIndex(shardCapacity);
    List<byte[]> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] id = new byte[32];
      id[0] = 42; // first 8 bytes identical: same prefix, same home slot
      id[31] = (byte) i;
      id[8] = (byte) (i >> 8);
      ids.add(id);
      index.put(IdentityKind.EMAIL, id, i);
    }
    for (int i = 0; i < ids.size(); i++) {
      assertThat(index.personOf(IdentityKind.EMAIL, ids.get(i), 0)).isEqualTo(i);
    }
    byte[] absent = ids.get(7).clone();
    absent[20] = 1;
    assertThat(index.personOf(IdentityKind.EMAIL, absent, 0)).isEqualTo(IdentityLookup.NO_PERSON);
  }

  @ParameterizedTest
  @ValueSource(ints = {IdentityIndex.SHARD_CAPACITY, SMALL_SHARD})
  void theSameBytesUnderAnotherKindAreAnotherIdentifier(int shardCapacity) {
    IdentityIndex index = newIndex(shardCapacity);
    byte[] id =
        Hex.decodeSha256("f1904cf1a9d73a55fa5de0ac823c4403ded71afd4c3248d00bdcd0866552bb79");
    index.put(IdentityKind.EMAIL, id, 3);

    assertThat(index.personOf(IdentityKind.EXTERN_ID, id, 0)).isEqualTo(IdentityLookup.NO_PERSON);
    assertThat(index.personOf(IdentityKind.EMAIL, id, 0)).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(ints = {IdentityIndex.SHARD_CAPACITY, SMALL_SHARD})
  void growsFromTheMinimumCapacityAndKeepsEveryIdentifier(int shardCapacity) {
    IdentityIndex index = newIndex(shardCapacity);
    int initialCapacity = index.capacity();
    List<byte[]> ids = randomIds(50_000, 7);
    for (int i = 0; i < ids.size(); i++) {
      index.put(IdentityKind.PHONE, ids.get(i), i);
    }
    assertThat(index.capacity()).isGreaterThan(initialCapacity);
    assertThat(index.size()).isEqualTo(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      assertThat(index.personOf(IdentityKind.PHONE, ids.get(i), 0)).isEqualTo(i);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {IdentityIndex.SHARD_CAPACITY, SMALL_SHARD})
  void removeWithAPersonLeavesAnIdentifierAnotherPersonHas(int shardCapacity) {
    IdentityIndex index = newIndex(shardCapacity);
    byte[] id = randomIds(1, 3).get(0);
    index.put(IdentityKind.EMAIL, id, 1);
    index.put(IdentityKind.EMAIL, id, 2);

    assertThat(index.remove(IdentityKind.EMAIL, id, 1)).isFalse();
    assertThat(index.personOf(IdentityKind.EMAIL, id, 0)).isEqualTo(2);
    assertThat(index.remove(IdentityKind.EMAIL, id, 2)).isTrue();
    assertThat(index.personOf(IdentityKind.EMAIL, id, 0)).isEqualTo(IdentityLookup.NO_PERSON);
  }

  @ParameterizedTest
  @ValueSource(ints = {IdentityIndex.SHARD_CAPACITY, SMALL_SHARD})
  void looksUpAnIdentifierInsideALargerArray(int shardCapacity) {
    IdentityIndex index = newIndex(shardCapacity);
    byte[] id = randomIds(1, 5).get(0);
    index.put(IdentityKind.MADID, id, 9);
    byte[] row = new byte[100];
    System.arraycopy(id, 0, row, 64, 32);

    assertThat(index.personOf(IdentityKind.MADID, row, 64)).isEqualTo(9);
    assertThat(index.personOf(IdentityKind.MADID, row, 0)).isEqualTo(IdentityLookup.NO_PERSON);
  }

  @ParameterizedTest
  @ValueSource(ints = {IdentityIndex.SHARD_CAPACITY, SMALL_SHARD})
  void aGroupLookUpAnswersAsLookingUpOneByOneWithPrefixTwinsAndOtherKinds(int shardCapacity) {
    SplittableRandom random = new SplittableRandom(77);
    IdentityIndex index = newIndex(shardCapacity);
    List<byte[]> ids = randomIds(3_000, 78);
    for (int i = 0; i < ids.size(); i++) {
      if (i % 5 == 0) {
        System.arraycopy(new byte[] {9, 9, 9, 9, 9, 9, 9, 9}, 0, ids.get(i), 0, 8);
      }
      if (i % 3 != 0) { // a third stays absent
        index.put(KINDS[i % 2], ids.get(i), i);
      }
    }
    byte[] group = new byte[16 * 32];
    int[] persons = new int[16];
    for (int trial = 0; trial < 500; trial++) {
      IdentityKind kind = KINDS[random.nextInt(2)];
      int count = random.nextInt(17);
      for (int i = 0; i < count; i++) {
        System.arraycopy(ids.get(random.nextInt(ids.size())), 0, group, 32 * i, 32);
      }

      index.personsOf(kind, group, count, persons);

      for (int i = 0; i < count; i++) {
        assertThat(persons[i]).isEqualTo(index.personOf(kind, group, 32 * i));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {IdentityIndex.SHARD_CAPACITY, SMALL_SHARD})
  void refusesPersonIdsItCannotStoreAndShortIdentifiers(int shardCapacity) {
    IdentityIndex index = newIndex(shardCapacity);
    byte[] id = new byte[32];
    assertThatThrownBy(() -> index.put(IdentityKind.EMAIL, id, IdentityIndex.MAX_PERSON + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> index.put(IdentityKind.EMAIL, id, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> index.personOf(IdentityKind.EMAIL, new byte[40], 10))
        .isInstanceOf(IllegalArgumentException.class);
    index.put(IdentityKind.EMAIL, id, IdentityIndex.MAX_PERSON);
    assertThat(index.personOf(IdentityKind.EMAIL, id, 0)).isEqualTo(IdentityIndex.MAX_PERSON);
  }

  @ParameterizedTest
  @ValueSource(ints = {IdentityIndex.SHARD_CAPACITY, SMALL_SHARD})
  void concurrentReadersNeverSeeAWrongPersonWhileAWriterChurnsAndResizes(int shardCapacity)
      throws Exception {
    List<byte[]> stable = randomIds(5_000, 11);
    List<byte[]> churn = randomIds(100_000, 12);
    IdentityIndex index = newIndex(shardCapacity);
    for (int i = 0; i < stable.size(); i++) {
      index.put(IdentityKind.EMAIL, stable.get(i), i);
    }
    // A churned identifier only ever maps to its own person (100_000 + i) or to nobody.
    AtomicBoolean writing = new AtomicBoolean(true);
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      int readerSeed = r;
      readers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    SplittableRandom random = new SplittableRandom(readerSeed);
                    while (writing.get()) {
                      int s = random.nextInt(stable.size());
                      int got = index.personOf(IdentityKind.EMAIL, stable.get(s), 0);
                      if (got != s) {
                        wrong.add("stable " + s + " -> " + got);
                      }
                      int c = random.nextInt(churn.size());
                      int churned = index.personOf(IdentityKind.EMAIL, churn.get(c), 0);
                      if (churned != IdentityLookup.NO_PERSON && churned != 100_000 + c) {
                        wrong.add("churn " + c + " -> " + churned);
                      }
                    }
                  }));
    }
    SplittableRandom random = new SplittableRandom(99);
    int capacityBefore = index.capacity();
    for (int i = 0; i < 1_000_000; i++) {
      int c = random.nextInt(churn.size());
      if (random.nextBoolean()) {
        index.put(IdentityKind.EMAIL, churn.get(c), 100_000 + c);
      } else {
        index.remove(IdentityKind.EMAIL, churn.get(c));
      }
    }
    writing.set(false);
    for (Thread reader : readers) {
      reader.join();
    }
    assertThat(index.capacity()).isGreaterThan(capacityBefore);
    assertThat(wrong).isEmpty();
  }

  @Test
  void anIndexLargerThanOneShardSplitsAndKeepsEveryIdentifier() {
    IdentityIndex index = newIndex(SMALL_SHARD);
    List<byte[]> ids = randomIds(50_000, 21);
    for (int i = 0; i < ids.size(); i++) {
      index.put(KINDS[i % 3], ids.get(i), i);
    }
    assertThat(index.shardCount()).isGreaterThanOrEqualTo(64);
    assertThat(index.capacity()).isGreaterThan(32 * SMALL_SHARD);
    assertThat(index.size()).isEqualTo(ids.size());
    for (int i = 0; i < ids.size(); i += 2) {
      assertThat(index.remove(KINDS[i % 3], ids.get(i))).isEqualTo(i);
    }
    byte[] group = new byte[16 * 32];
    int[] persons = new int[16];
    for (int i = 0; i < ids.size(); i++) {
      int expected = i % 2 == 0 ? IdentityLookup.NO_PERSON : i;
      assertThat(index.personOf(KINDS[i % 3], ids.get(i), 0)).isEqualTo(expected);
      assertThat(index.personOf(KINDS[(i + 1) % 3], ids.get(i), 0))
          .isEqualTo(IdentityLookup.NO_PERSON);
      System.arraycopy(ids.get(i), 0, group, 32 * (i % 16), 32);
      if (i % 48 == 47) { // 16 identifiers of one kind: i ≡ 47 (mod 3) → kind i % 3 == 2
        index.personsOf(KINDS[2], group, 16, persons);
        for (int j = 0; j < 16; j++) {
          int k = i - 15 + j;
          assertThat(persons[j]).isEqualTo(k % 3 == 2 && k % 2 == 1 ? k : IdentityLookup.NO_PERSON);
        }
      }
    }
    assertThat(index.size()).isEqualTo(ids.size() / 2);
  }

  @Test
  void identifiersCraftedIntoOneShardSplitTheIndexUntilTheyFit() {
    IdentityIndex index = new IdentityIndex(20_000, SMALL_SHARD);
    int shardsBefore = index.shardCount();
    List<byte[]> crafted = new ArrayList<>();
    for (byte[] id : randomIds(200_000, 31)) {
      long prefix = IdentityIndex.prefix(IdentityIndex.longAt(id, 0), IdentityKind.EMAIL.ordinal());
      if ((prefix & (shardsBefore - 1)) == 0) { // all in shard 0 of the presized layout
        crafted.add(id);
      }
    }
    assertThat(crafted.size()).isGreaterThan(2 * SMALL_SHARD);
    for (int i = 0; i < crafted.size(); i++) {
      index.put(IdentityKind.EMAIL, crafted.get(i), i);
    }
    assertThat(index.shardCount()).isGreaterThan(shardsBefore);
    for (int i = 0; i < crafted.size(); i++) {
      assertThat(index.personOf(IdentityKind.EMAIL, crafted.get(i), 0)).isEqualTo(i);
    }
  }

  @Test
  void presizingGivesOneExactTableUnderTheShardCapacityAndEvenSharesAboveIt() {
    IdentityIndex small = new IdentityIndex();
    small.ensureCapacity(5_000);
    assertThat(small.shardCount()).isOne();
    assertThat(small.capacity()).isEqualTo((int) IdentityIndex.capacityFor(5_000));

    IdentityIndex sharded = newIndex(SMALL_SHARD);
    sharded.ensureCapacity(50_000);
    int shards = IdentityIndex.shardCountFor(50_000, SMALL_SHARD);
    int capacity = sharded.capacity();
    assertThat(sharded.shardCount()).isEqualTo(shards).isGreaterThan(1);
    assertThat(capacity)
        .isEqualTo(shards * IdentityIndex.capacityFor(IdentityIndex.shareOf(50_000, shards)));
    List<byte[]> ids = randomIds(50_000, 41);
    for (int i = 0; i < ids.size(); i++) {
      sharded.put(KINDS[i % 3], ids.get(i), i);
    }
    assertThat(sharded.capacity()).isEqualTo(capacity); // no shard had to grow
    assertThat(sharded.shardCount()).isEqualTo(shards);
  }

  @Test
  void productionShardsHold30MillionPeopleWithin40BytesAnIdentifier() {
    assertThat(IdentityIndex.shardCountFor(10_000_000, IdentityIndex.SHARD_CAPACITY)).isOne();
    long identifiers = 70_000_000; // 30 M synthetic people
    int shards = IdentityIndex.shardCountFor(identifiers, IdentityIndex.SHARD_CAPACITY);
    long bytes =
        shards
            * IdentityIndex.capacityFor(IdentityIndex.shareOf(identifiers, shards))
            * IdentityIndex.SLOT_BYTES;
    assertThat(shards).isEqualTo(8);
    assertThat(bytes / (double) identifiers).isLessThan(39.3);
    assertThat(
            IdentityIndex.shardCountFor(
                IdentityIndex.MAX_IDENTIFIERS, IdentityIndex.SHARD_CAPACITY))
        .isEqualTo(IdentityIndex.MAX_TOTAL_CAPACITY / IdentityIndex.SHARD_CAPACITY);
    assertThatThrownBy(
            () ->
                IdentityIndex.shardCountFor(
                    IdentityIndex.MAX_IDENTIFIERS * 102 / 100, IdentityIndex.SHARD_CAPACITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too many identifiers");
  }

  private static List<byte[]> randomIds(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] id = new byte[32];
      random.nextBytes(id);
      ids.add(id);
    }
    return ids;
  }
}
