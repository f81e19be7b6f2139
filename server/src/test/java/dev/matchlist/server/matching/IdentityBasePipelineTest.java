package dev.matchlist.server.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.matchlist.core.Sha256;
import dev.matchlist.server.store.RocksIdentityStore;
import dev.matchlist.server.store.RocksStore;
import dev.matchlist.server.store.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link IdentityBase#stage} and {@link IdentityBase.StagedWrite#commit}: a write staged while the
 * one before is not yet written sees that one's users and identifiers; the index only ever holds
 * written people; a failed write fails the writes staged on it and leaves nothing behind. Real
 * RocksDB; a failing write is injected by wrapping its store.
 */
class IdentityBasePipelineTest {
  @TempDir Path dir;
  private RocksStore rocks;
  private FailingStore store;
  private IdentityBase base;

  @AfterEach
  void close() {
    if (rocks != null) {
      rocks.close();
    }
  }

  private IdentityBase open() {
    if (rocks != null) {
      rocks.close();
    }
    rocks = RocksStore.open(dir);
    store = new FailingStore(new RocksIdentityStore(rocks));
    base = IdentityBase.open(store);
    return base;
  }

  private static PersonIdentifier email(String normalized) {
    return new PersonIdentifier(IdentityKind.EMAIL, Sha256.digest(normalized));
  }

  private int personOf(PersonIdentifier id) {
    return base.personOf(id.kind(), id.hash(), 0);
  }

  private IdentityBase.StagedWrite stage(
      Map<String, List<PersonIdentifier>> users, IdentityBase.StagedWrite after) {
    return base.stage(users, base.readStored(users.keySet()), after);
  }

  @Test
  void aWriteStagedBeforeTheOneAheadIsWrittenTakesItsIdentifierAndFindsItsUser() {
    open();
    PersonIdentifier shared = email("shared@example.com");
    IdentityBase.StagedWrite first =
        stage(Map.of("ann", List.of(shared, email("ann@example.com"))), null);
    // read ahead before the first is written: the stored records know nothing of ann yet
    IdentityBase.StoredUsers early = base.readStored(List.of("ann", "bob"));
    Map<String, List<PersonIdentifier>> second = new LinkedHashMap<>();
    second.put("bob", List.of(shared));
    second.put("ann", List.of(email("ann@example.com"), email("ann@new.example.com")));
    IdentityBase.StagedWrite next = base.stage(second, early, null);

    assertThat(personOf(shared))
        .as("nothing is in the index before its write")
        .isEqualTo(IdentityLookup.NO_PERSON);
    assertThat(first.commit()).containsExactly(Map.entry("ann", 0));
    assertThat(next.commit()).containsExactly(Map.entry("bob", 1), Map.entry("ann", 0));

    assertThat(personOf(shared)).isEqualTo(1);
    assertThat(personOf(email("ann@new.example.com"))).isZero();
    assertThat(base.record("ann").orElseThrow().identifiers())
        .containsExactly(email("ann@example.com"), email("ann@new.example.com"));
    assertThat(base.identifierCount()).isEqualTo(3);
    assertThat(base.personIdsAssigned()).isEqualTo(2);
    open();
    assertThat(personOf(shared)).isEqualTo(1);
    assertThat(personOf(email("ann@example.com"))).isZero();
    assertThat(base.identifierCount()).isEqualTo(3);
  }

  @Test
  void anIdentifierTakenFromAUserOfTheWriteAheadLeavesThatUsersRecord() {
    open();
    PersonIdentifier shared = email("shared@example.com");
    IdentityBase.StagedWrite first =
        stage(Map.of("ann", List.of(shared, email("ann@example.com"))), null);
    IdentityBase.StagedWrite next = stage(Map.of("bob", List.of(shared)), null);

    first.commit();
    next.commit();

    assertThat(personOf(shared)).isOne();
    assertThat(base.record("ann").orElseThrow().identifiers())
        .containsExactly(email("ann@example.com"));
    assertThat(base.identifierCount()).isEqualTo(2);
    open();
    assertThat(personOf(shared)).isOne();
    assertThat(base.identifierCount()).isEqualTo(2);
  }

  @Test
  void anIdentifierTheWriteAheadDroppedIsFreeForTheNextOne() {
    open();
    PersonIdentifier old = email("old@example.com");
    base.upsert("ann", List.of(old));
    IdentityBase.StagedWrite drop = stage(Map.of("ann", List.of(email("ann@example.com"))), null);
    IdentityBase.StagedWrite take = stage(Map.of("bob", List.of(old)), null);

    drop.commit();
    take.commit();

    assertThat(personOf(old)).isEqualTo(1);
    assertThat(base.record("ann").orElseThrow().identifiers())
        .containsExactly(email("ann@example.com"));
    assertThat(base.identifierCount()).isEqualTo(2);
  }

  @Test
  void aFailedWriteFailsTheWriteStagedOnItAndLeavesNoTrace() {
    open();
    base.upsert("ann", List.of(email("ann@example.com")));
    IdentityBase.StagedWrite failing =
        stage(Map.of("bob", List.of(email("ann@example.com"), email("bob@example.com"))), null);
    IdentityBase.StagedWrite onTop = stage(Map.of("carl", List.of(email("bob@example.com"))), null);
    store.failNextWrite();

    assertThatThrownBy(failing::commit).isInstanceOf(StoreException.class);
    assertThatThrownBy(onTop::commit)
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("a write it follows failed");

    assertThat(personOf(email("ann@example.com"))).isZero();
    assertThat(personOf(email("bob@example.com"))).isEqualTo(IdentityLookup.NO_PERSON);
    assertThat(base.identifierCount()).isEqualTo(1);
    assertThat(base.personIdsAssigned()).as("the failed writes' person ids are free again").isOne();
    assertThat(base.upsert("dora", List.of(email("bob@example.com")))).isOne();
    assertThat(base.record("bob")).isEmpty();
    assertThat(base.record("carl")).isEmpty();
    open();
    assertThat(personOf(email("bob@example.com"))).isOne();
    assertThat(base.userIdOf(1)).contains("dora");
    assertThat(base.identifierCount()).isEqualTo(2);
  }

  @Test
  void aWriteThatFollowsAFailedOneIsRefusedEvenWhenStagedAfterTheFailure() {
    open();
    IdentityBase.StagedWrite failing = stage(Map.of("ann", List.of(email("a@example.com"))), null);
    store.failNextWrite();
    assertThatThrownBy(failing::commit).isInstanceOf(StoreException.class);
    assertThatThrownBy(failing::awaitDurable).isInstanceOf(StoreException.class);

    IdentityBase.StagedWrite follower =
        stage(Map.of("bob", List.of(email("b@example.com"))), failing);
    IdentityBase.StagedWrite unrelated =
        stage(Map.of("carl", List.of(email("c@example.com"))), null);

    assertThatThrownBy(follower::commit).hasMessageContaining("a write it follows failed");
    assertThatThrownBy(unrelated::commit).hasMessageContaining("a write it follows failed");
    assertThat(base.upsert("dora", List.of(email("d@example.com")))).isZero();
    assertThat(base.personIdsAssigned()).isOne();
  }

  @Test
  void aStagingBuiltWhileAWriteAheadFailsIsBuiltAgainWithoutIt() throws Exception {
    open();
    base.upsert("ann", List.of(email("a@example.com")));
    IdentityBase.StagedWrite failing = stage(Map.of("bob", List.of(email("b@example.com"))), null);
    store.failNextWrite();
    // carl takes ann's email: building his batch asks the store whose person 0 is, and waits there
    store.pauseNextUserOf();
    ExecutorService stager = Executors.newSingleThreadExecutor();
    Future<IdentityBase.StagedWrite> carl =
        stager.submit(() -> stage(Map.of("carl", List.of(email("a@example.com"))), null));
    store.awaitPaused();

    assertThatThrownBy(failing::commit)
        .isInstanceOf(StoreException.class); // bob's person 1 is free
    store.resume();
    Map<String, Integer> persons = carl.get().commit();
    stager.shutdown();

    assertThat(persons).containsEntry("carl", 1);
    assertThat(base.personIdsAssigned()).isEqualTo(2);
    assertThat(base.identifierCount()).isEqualTo(1);
    assertThat(personOf(email("a@example.com"))).isOne();
    assertThat(base.record("ann").orElseThrow().identifiers()).isEmpty();
    open();
    assertThat(base.userIdOf(1)).contains("carl");
    assertThat(base.personIdsAssigned()).isEqualTo(2);
  }

  @Test
  void manyWritersStagingAndCommittingTogetherLeaveTheIndexARestartRebuilds() throws Exception {
    open();
    int writers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      Random random = new Random(w);
      done.add(
          pool.submit(
              () -> {
                for (int batch = 0; batch < 60; batch++) {
                  Map<String, List<PersonIdentifier>> users = new LinkedHashMap<>();
                  for (int u = 0; u < 20; u++) {
                    // few users and identifiers: writes keep taking them from each other
                    users.put(
                        "u" + random.nextInt(80),
                        List.of(
                            email("e" + random.nextInt(120) + "@example.com"),
                            email("e" + random.nextInt(120) + "@example.com")));
                  }
                  IdentityBase.StoredUsers read = base.readStored(users.keySet());
                  base.stage(users, read, null).commit();
                }
                return null;
              }));
    }
    for (Future<?> each : done) {
      each.get();
    }
    pool.shutdown();
    Map<Integer, Integer> live = ownersOfEveryEmail();
    long liveCount = base.identifierCount();
    int livePersons = base.personIdsAssigned();

    open();
    assertThat(ownersOfEveryEmail()).isEqualTo(live);
    assertThat(base.identifierCount()).isEqualTo(liveCount);
    assertThat(base.personIdsAssigned()).isEqualTo(livePersons);
    // every identifier the index maps is in its person's stored record, and nowhere else
    long stored = 0;
    for (int user = 0; user < 80; user++) {
      Optional<IdentityRecord> record = base.record("u" + user);
      if (record.isPresent()) {
        stored += record.get().identifiers().size();
        for (PersonIdentifier id : record.get().identifiers()) {
          assertThat(personOf(id)).isEqualTo(record.get().person());
        }
      }
    }
    assertThat(stored).isEqualTo(liveCount);
  }

  private Map<Integer, Integer> ownersOfEveryEmail() {
    Map<Integer, Integer> owners = new LinkedHashMap<>();
    for (int e = 0; e < 120; e++) {
      owners.put(e, personOf(email("e" + e + "@example.com")));
    }
    return owners;
  }

  /** The real store, whose next write can be made to fail (a full disk, say). */
  private static final class FailingStore implements IdentityRecordStore {
    private final IdentityRecordStore store;
    private volatile boolean failNext;
    private volatile boolean pauseNextUserOf;
    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch resumed = new CountDownLatch(1);

    FailingStore(IdentityRecordStore store) {
      this.store = store;
    }

    void failNextWrite() {
      failNext = true;
    }

    /** The next {@link #userOf} waits, once, until {@link #resume}. */
    void pauseNextUserOf() {
      pauseNextUserOf = true;
    }

    void awaitPaused() throws InterruptedException {
      assertThat(paused.await(10, TimeUnit.SECONDS))
          .as("a staging asked whose person it is")
          .isTrue();
    }

    void resume() {
      resumed.countDown();
    }

    @Override
    public PreparedCommit prepareCommit(
        Collection<IdentityRecord> puts,
        Collection<IdentityRecord> deletes,
        int nextPerson,
        long identifierCount) {
      PreparedCommit prepared = store.prepareCommit(puts, deletes, nextPerson, identifierCount);
      return () -> {
        if (failNext) {
          failNext = false;
          throw new StoreException("injected: no space left on device", null);
        }
        prepared.write();
      };
    }

    @Override
    public Optional<IdentityRecord> byUser(String userId) {
      return store.byUser(userId);
    }

    @Override
    public Map<String, IdentityRecord> byUsers(Collection<String> userIds) {
      return store.byUsers(userIds);
    }

    @Override
    public Optional<String> userOf(int person) {
      if (pauseNextUserOf) {
        pauseNextUserOf = false;
        paused.countDown();
        try {
          resumed.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return store.userOf(person);
    }

    @Override
    public int personOfUser(String userId) {
      return store.personOfUser(userId);
    }

    @Override
    public int nextPerson() {
      return store.nextPerson();
    }

    @Override
    public long identifierCount() {
      return store.identifierCount();
    }

    @Override
    public void forEach(Consumer<IdentityRecord> each) {
      store.forEach(each);
    }

    @Override
    public void forEachIdentifierChunk(
        Consumer<IdentifierChunk> each, Consumer<List<String>> userIds) {
      store.forEachIdentifierChunk(each, userIds);
    }
  }
}
