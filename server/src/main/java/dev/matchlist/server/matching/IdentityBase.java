package dev.matchlist.server.matching;

import dev.matchlist.server.store.StoreException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The operator's people, durable: each user id gets a dense person id (never reused, stable across
 * restarts) and a set of identifiers, kept in an {@link IdentityRecordStore} and served from a
 * memory-resident {@link IdentityIndex} rebuilt at {@link #open}.
 *
 * <pre>{@code
 * IdentityBase base = IdentityBase.open(new RocksIdentityStore(rocks));
 * int person = base.upsert("u-42", PersonRow.of("u-42", raw).identifiers(normalizer).identifiers());
 * base.personOf(IdentityKind.EMAIL, emailHash, 0); // person
 * }</pre>
 *
 * <p>An identifier belongs to one person at a time: when a user is loaded with an identifier that
 * another user holds, the identifier moves to the newly loaded user (and leaves the other's stored
 * record, so that a restart rebuilds the same index). Re-loading a user id replaces its
 * identifiers. Writes are serialized (one writer); reads run concurrently with them and see each
 * identifier either before or after a write. The store is written first, then the index: a crash in
 * between loses nothing, the index is rebuilt from the store.
 */
public final class IdentityBase implements PersonDirectory {
  /**
   * Commits whose users are remembered for {@link StoredUsers} reads made before them: a load has
   * two requests in flight and {@link #MAX_PENDING} staged, so more means a read fell that far
   * behind (other loads at once) and reads again. Few, since each keeps its request's records alive
   * (16 kept so many that the collector's work at 50 M identifiers went 1.8 to 6.4 CPU-s).
   */
  private static final int RECENT_COMMITS = 4;

  /**
   * Staged writes at most not yet resolved: one being written while the next is staged. More would
   * only hold memory, since the writes, one at a time, are what bounds a load.
   */
  private static final int MAX_PENDING = 2;

  private final IdentityRecordStore store;
  private final IdentityIndex index;
  private final UserIdFilter userIds;

  // The staged state (guarded by this): what the base holds once every pending write is durable.
  private int nextPerson;
  private long identifierCount;

  /** Writes staged so far: write {@code n} is the n-th (deletes included). */
  private long staged;

  /** Every write up to this number is in the store, or failed. */
  private long writtenUpTo;

  /** Every write up to this number is in the index, or failed: {@link StoredUsers} reads after. */
  private long resolvedUpTo;

  /** Staged writes not yet resolved, oldest first. */
  private final ArrayDeque<StagedWrite> pending = new ArrayDeque<>();

  /** Deletes waiting for the pending writes to drain: no write is staged meanwhile. */
  private int deletesWaiting;

  private final RecentWrites recentWrites = new RecentWrites(RECENT_COMMITS);

  private IdentityBase(IdentityRecordStore store, IdentityIndex index, UserIdFilter userIds) {
    this.store = store;
    this.index = index;
    this.userIds = userIds;
    this.nextPerson = store.nextPerson();
    this.identifierCount = store.identifierCount();
  }

  /**
   * Opens the base on {@code store}, rebuilding the index and the user id filter from every stored
   * record: the index is sized for the stored identifier count up front (so it never resizes here
   * and sits at ~92 % load), and filled chunk by chunk, possibly from the store's decoding threads.
   */
  public static IdentityBase open(IdentityRecordStore store) {
    IdentityIndex index = new IdentityIndex(store.identifierCount());
    UserIdFilter userIds = new UserIdFilter(store.nextPerson());
    store.forEachIdentifierChunk(index::putAll, userIds::addAll);
    return new IdentityBase(store, index, userIds);
  }

  /**
   * Makes room now for a bulk load of about {@code identifiers} more identifiers and {@code users}
   * more users (hints; 0 for unknown): the index grows once instead of by 1.5× steps (which leave
   * it at 61–92 % load, up to 56 bytes an identifier instead of 39), and the user id filter gets
   * one filter of the load's size. More identifiers than one index holds are capped to what it
   * holds.
   */
  public void reserve(long identifiers, long users) {
    long total = identifierCount() + identifiers;
    index.ensureCapacity(Math.min(total, IdentityIndex.MAX_IDENTIFIERS));
    userIds.reserve(users);
  }

  /**
   * Loads {@code userId} with exactly {@code identifiers} (duplicates ignored), replacing what it
   * had.
   *
   * @return the user's person id (the existing one when the user id is known)
   */
  public int upsert(String userId, List<PersonIdentifier> identifiers) {
    return upsertAll(Map.of(userId, identifiers)).get(userId);
  }

  /**
   * Loads many users in one durable write (one fsync): what {@link #upsert} does for each, in
   * {@code users}' iteration order (a later user takes a shared identifier from an earlier one).
   *
   * @return each user's person id, in {@code users}' order
   */
  public Map<String, Integer> upsertAll(Map<String, List<PersonIdentifier>> users) {
    return upsertAll(users, readStored(users.keySet()));
  }

  /** {@link #upsertAll(Map)} with the users' records read ahead by {@link #readStored}. */
  public Map<String, Integer> upsertAll(
      Map<String, List<PersonIdentifier>> users, StoredUsers read) {
    return stage(users, read, null).commit();
  }

  /**
   * Reads the stored records of {@code userIds} now, outside the one writer's turn, for a later
   * {@link #stage}: a load request reads while its predecessor is written.
   */
  public StoredUsers readStored(Collection<String> userIds) {
    long seen;
    synchronized (this) {
      seen = resolvedUpTo;
    }
    // Every write up to `seen` is in the store now (or failed), and its users in the filter; later
    // ones are re-read at staging. The store is asked only for users the filter may hold.
    List<String> known = this.userIds.mayHold(userIds);
    return new StoredUsers(seen, known.isEmpty() ? Map.of() : store.byUsers(known));
  }

  /**
   * Stages what {@link #upsertAll(Map)} does, in the order of stagings, and returns the write to
   * {@link StagedWrite#commit}: the caller must commit every staged write, since later writes go to
   * the store after it. Staging reads the index and the store as the writes staged before it leave
   * them (those not yet written included), so a load stages request k+1 while request k is written.
   *
   * <p>Bulk loads go through here, so it does per identifier only what a move needs: the current
   * owners of the whole batch are looked up in the index in groups ({@link
   * IdentityIndex#personsOf}, several cache misses in flight), the store is not asked for existing
   * users while no person exists yet, and only users that had a stored record are diffed.
   *
   * @param read the users' records read ahead by {@link #readStored}: only the users that writes
   *     since then touched are read again
   * @param after a write this one must follow: when that one fails, this one fails too (the
   *     requests of one load are applied as a prefix); null for none
   */
  public synchronized StagedWrite stage(
      Map<String, List<PersonIdentifier>> users, StoredUsers read, @Nullable StagedWrite after) {
    awaitUntil(() -> pending.size() < MAX_PENDING && deletesWaiting == 0);
    List<Batch> ahead = new ArrayList<>(pending.size());
    for (StagedWrite write : pending) {
      if (!write.failed) {
        ahead.add(write.batch);
      }
    }
    Map<String, IdentityRecord> stored = new HashMap<>(read.records);
    List<String> stale = recentWrites.touchedSince(read.commitsSeen, staged, users.keySet());
    if (!stale.isEmpty()) {
      List<String> unstaged = new ArrayList<>(stale.size());
      for (String userId : stale) {
        IdentityRecord record = stagedRecord(ahead, userId);
        if (record != null) {
          stored.put(userId, record);
        } else {
          stored.remove(userId);
          unstaged.add(userId);
        }
      }
      if (!unstaged.isEmpty()) {
        stored.putAll(store.byUsers(unstaged));
      }
    }
    Batch batch = new Batch(users, stored, ahead);
    Map<String, Integer> persons = LinkedHashMap.newLinkedHashMap(users.size());
    List<String> added = new ArrayList<>();
    int at = 0;
    for (Map.Entry<String, List<PersonIdentifier>> user : users.entrySet()) {
      int person = batch.upsert(user.getKey(), batch.wanted.get(at++));
      persons.put(user.getKey(), person);
      if (person >= nextPerson) {
        added.add(user.getKey()); // a new person
      }
    }
    userIds.addAll(added);
    StagedWrite write =
        new StagedWrite(++staged, batch, persons, nextPerson, identifierCount, after);
    recentWrites.add(write.sequence, Collections.unmodifiableSet(batch.after.keySet()));
    nextPerson = batch.next;
    identifierCount = batch.count;
    pending.addLast(write);
    return write;
  }

  /** The newest record of {@code userId} among the staged writes {@code ahead}, or null. */
  private static @Nullable IdentityRecord stagedRecord(List<Batch> ahead, String userId) {
    for (int i = ahead.size() - 1; i >= 0; i--) {
      IdentityRecord record = ahead.get(i).after.get(userId);
      if (record != null) {
        return record;
      }
    }
    return null;
  }

  /**
   * One staged write: {@link #commit} writes it to the store after the writes staged before it,
   * then to the index after theirs, and answers once it is durable.
   */
  public final class StagedWrite {
    private final long sequence;
    private final Map<String, Integer> persons;
    private final int nextPersonBefore;
    private final long identifierCountBefore;

    // Guarded by the base: dropped once resolved, so a chain of writes holds no batch.
    private @Nullable Batch batch;
    private @Nullable StagedWrite after;
    private boolean failed;
    private boolean resolved;

    private StagedWrite(
        long sequence,
        Batch batch,
        Map<String, Integer> persons,
        int nextPersonBefore,
        long identifierCountBefore,
        @Nullable StagedWrite after) {
      this.sequence = sequence;
      this.batch = batch;
      this.persons = persons;
      this.nextPersonBefore = nextPersonBefore;
      this.identifierCountBefore = identifierCountBefore;
      this.after = after;
    }

    /**
     * Writes this to the store (one synced write) once every earlier write is there, then to the
     * index once every earlier write is there: the index only ever holds durable people.
     *
     * @return each user's person id, in the staged users' order
     * @throws StoreException when the write failed, or an earlier write it was staged on did
     */
    public Map<String, Integer> commit() {
      Batch toWrite;
      synchronized (IdentityBase.this) {
        toWrite = batch; // set until this commit resolves it
      }
      IdentityRecordStore.PreparedCommit prepared;
      try {
        // built while the writes before it are made: only the write itself goes one at a time
        prepared =
            store.prepareCommit(toWrite.after.values(), List.of(), toWrite.next, toWrite.count);
      } catch (RuntimeException e) {
        throw failed(e);
      }
      boolean refused;
      synchronized (IdentityBase.this) {
        awaitWrittenBefore();
        if (!failed && after != null && after.failed) {
          failFrom(this);
        }
        refused = failed;
      }
      if (refused) {
        resolveInTurn();
        throw new StoreException(
            "identity write " + sequence + " was not made: a write it follows failed", null);
      }
      try {
        prepared.write();
      } catch (RuntimeException e) {
        throw failed(e);
      }
      synchronized (IdentityBase.this) {
        writtenUpTo = sequence;
        IdentityBase.this.notifyAll();
        awaitUntil(() -> resolvedUpTo >= sequence - 1);
      }
      // outside the lock: stagings fold this write over what they read of the index meanwhile
      toWrite.publish();
      resolveInTurn();
      return persons;
    }

    /** This write could not be made: it and the writes staged on it fail; returns {@code e}. */
    private RuntimeException failed(RuntimeException e) {
      synchronized (IdentityBase.this) {
        awaitWrittenBefore();
        if (!failed) {
          failFrom(this);
        }
      }
      resolveInTurn();
      return e;
    }

    /** Waits, with the lock, until every write before this one is written or failed. */
    private void awaitWrittenBefore() {
      awaitUntil(() -> writtenUpTo >= sequence - 1);
    }

    /** Blocks until this write is resolved; throws when it failed. */
    public void awaitDurable() {
      synchronized (IdentityBase.this) {
        awaitUntil(() -> resolved);
        if (failed) {
          throw new StoreException("identity write " + sequence + " failed", null);
        }
      }
    }

    /** Ends this write after every earlier one: it leaves the pending writes. */
    private void resolveInTurn() {
      synchronized (IdentityBase.this) {
        awaitUntil(() -> resolvedUpTo >= sequence - 1);
        writtenUpTo = Math.max(writtenUpTo, sequence);
        resolvedUpTo = sequence;
        resolved = true;
        batch = null;
        after = null;
        pending.removeFirst();
        IdentityBase.this.notifyAll();
      }
    }
  }

  /**
   * {@code write} will not be made: neither will any write staged after it (they were staged on
   * it), and the staged state goes back to what it was before {@code write}. Called with the lock.
   */
  private void failFrom(StagedWrite write) {
    boolean later = false;
    for (StagedWrite each : pending) {
      later |= each == write;
      if (later) {
        each.failed = true;
      }
    }
    nextPerson = write.nextPersonBefore;
    identifierCount = write.identifierCountBefore;
    writtenUpTo = write.sequence;
    notifyAll();
  }

  /**
   * Waits, with the lock, until {@code condition} holds, through interrupts (kept for the caller):
   * a staged write must be resolved whatever happens, or every later one would wait forever.
   */
  private void awaitUntil(BooleanSupplier condition) {
    boolean interrupted = false;
    while (!condition.getAsBoolean()) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Deletes {@code userId} and its identifiers.
   *
   * @return the person id it had (for membership to drop), or {@link #NO_PERSON} if unknown
   */
  public synchronized int delete(String userId) {
    // the pending writes go first (a delete reads the store): none is staged meanwhile
    deletesWaiting++;
    try {
      awaitUntil(pending::isEmpty);
    } finally {
      deletesWaiting--;
      notifyAll();
    }
    Optional<IdentityRecord> old = store.byUser(userId);
    if (old.isEmpty()) {
      return NO_PERSON;
    }
    IdentityRecord record = old.get();
    long count = identifierCount - record.identifiers().size();
    store.commit(List.of(), List.of(record), nextPerson, count);
    staged++;
    writtenUpTo = staged;
    resolvedUpTo = staged;
    recentWrites.add(staged, Set.of(userId));
    identifierCount = count;
    for (PersonIdentifier id : record.identifiers()) {
      index.remove(id.kind(), id.hashUnsafe(), record.person());
    }
    return record.person();
  }

  @Override
  public int personOf(IdentityKind kind, byte[] identifier, int offset) {
    return index.personOf(kind, identifier, offset);
  }

  @Override
  public void personsOf(IdentityKind kind, byte[] identifiers, int count, int[] persons) {
    index.personsOf(kind, identifiers, count, persons);
  }

  @Override
  public Optional<String> userIdOf(int person) {
    return person < 0 ? Optional.empty() : store.userOf(person);
  }

  @Override
  public int personOfUser(String userId) {
    return store.personOfUser(userId);
  }

  /** The stored identifiers of {@code userId}, empty when unknown. */
  public Optional<IdentityRecord> record(String userId) {
    return store.byUser(userId);
  }

  /** Identifiers the index has room for before it next grows. */
  public int identifierCapacity() {
    return (int) (index.capacity() * IdentityIndex.MAX_LOAD);
  }

  /** Bytes the user id filter takes (about 1.25 per user it was sized for). */
  public long userIdFilterBytes() {
    return userIds.bytes();
  }

  /** Identifiers held by all people together. */
  public synchronized long identifierCount() {
    return identifierCount;
  }

  /** Person ids handed out so far (deleted people included: ids are never reused). */
  public synchronized int personIdsAssigned() {
    return nextPerson;
  }

  /** Stored records of a batch's users read ahead of its write, and how up to date they are. */
  public static final class StoredUsers {
    private final long commitsSeen;
    private final Map<String, IdentityRecord> records;

    private StoredUsers(long commitsSeen, Map<String, IdentityRecord> records) {
      this.commitsSeen = commitsSeen;
      this.records = records;
    }
  }

  /** The records one {@link #upsertAll} changes, staged before the one write. */
  private final class Batch {
    private static final int KINDS = IdentityKind.values().length;

    /** Each user's identifiers without repeats, in {@code users}' order. */
    final List<List<PersonIdentifier>> wanted;

    /** Stored records read so far (a user losing an identifier is read when first needed). */
    final Map<String, IdentityRecord> before;

    final Map<String, IdentityRecord> after;

    private final Map<String, List<PersonIdentifier>> users;

    /** Which user of this batch holds each identifier it has handed out so far. */
    final Map<PersonIdentifier, String> claimed;

    /**
     * {@link #after} by person, made when a later staging first asks (under the base's lock): in a
     * bulk load of new users no one does, and it would box and hash every person.
     */
    private @Nullable Map<Integer, IdentityRecord> afterByPerson;

    /** Writes staged before this one and not yet resolved, oldest first. */
    private final List<Batch> ahead;

    // The index's owner of every wanted identifier, per kind, in the order upsert meets them.
    private final int[][] owners = new int[KINDS][];

    // The same identifiers' bytes, per kind, and the person each goes to: the index's puts.
    private final byte[][] hashes = new byte[KINDS][];
    private final int[][] claimers = new int[KINDS][];
    private final int[] nextOwner = new int[KINDS];
    int next = nextPerson;
    long count = identifierCount;

    Batch(
        Map<String, List<PersonIdentifier>> users,
        Map<String, IdentityRecord> stored,
        List<Batch> ahead) {
      this.users = users;
      this.ahead = ahead;
      before = stored;
      after = LinkedHashMap.newLinkedHashMap(users.size());
      wanted = new ArrayList<>(users.size());
      int[] perKind = new int[KINDS];
      int identifiers = 0;
      for (List<PersonIdentifier> ids : users.values()) {
        List<PersonIdentifier> distinct = distinct(ids);
        wanted.add(distinct);
        for (PersonIdentifier id : distinct) {
          perKind[id.kind().ordinal()]++;
        }
        identifiers += distinct.size();
      }
      claimed = HashMap.newHashMap(identifiers);
      for (int k = 0; k < KINDS; k++) {
        hashes[k] = new byte[perKind[k] * IdentityIndex.IDENTIFIER_BYTES];
        owners[k] = new int[perKind[k]];
        claimers[k] = new int[perKind[k]];
      }
      int[] filled = new int[KINDS];
      for (List<PersonIdentifier> ids : wanted) {
        for (PersonIdentifier id : ids) {
          int k = id.kind().ordinal();
          System.arraycopy(
              id.hashUnsafe(),
              0,
              hashes[k],
              filled[k]++ * IdentityIndex.IDENTIFIER_BYTES,
              IdentityIndex.IDENTIFIER_BYTES);
        }
      }
      for (IdentityKind kind : IdentityKind.values()) {
        int k = kind.ordinal();
        if (perKind[k] > 0) {
          index.personsOf(kind, hashes[k], perKind[k], owners[k]);
        }
      }
      if (!ahead.isEmpty()) {
        int[] at = new int[KINDS];
        for (List<PersonIdentifier> ids : wanted) {
          for (PersonIdentifier id : ids) {
            int k = id.kind().ordinal();
            owners[k][at[k]] = ownerAfterAhead(id, owners[k][at[k]]);
            at[k]++;
          }
        }
      }
    }

    /**
     * The owner of {@code id} once the writes {@link #ahead} are in the index, given {@code owner}
     * as read from it: the last of them to claim it. (An owner whose record one of them rewrote
     * without it keeps it here; {@link #takeFrom} then finds nothing to take.) Folding a write over
     * an index that has it already changes nothing, so one published meanwhile is seen either way.
     */
    private int ownerAfterAhead(PersonIdentifier id, int owner) {
      for (Batch write : ahead) {
        String claimer = write.claimed.get(id);
        if (claimer != null) {
          owner = write.after.get(claimer).person();
        }
      }
      return owner;
    }

    /** The record this staged batch leaves {@code person} with, or null. */
    @Nullable IdentityRecord recordOf(int person) {
      if (afterByPerson == null) {
        afterByPerson = HashMap.newHashMap(after.size());
        for (IdentityRecord record : after.values()) {
          afterByPerson.put(record.person(), record);
        }
      }
      return afterByPerson.get(person);
    }

    /**
     * Brings the index to this batch's records, once they are durable: the identifiers each stored
     * user lost leave it, every staged identifier is put.
     */
    void publish() {
      for (IdentityRecord record : after.values()) {
        IdentityRecord stored = before.get(record.userId());
        if (stored == null) {
          continue; // a new user: nothing of it is in the index yet
        }
        for (PersonIdentifier gone : stored.identifiers()) {
          if (!record.identifiers().contains(gone)) {
            index.remove(gone.kind(), gone.hashUnsafe(), record.person());
          }
        }
      }
      // Each identifier to its claimer, in the order they claimed it: a later user's put of one
      // it took wins. Owners outside the batch only lose identifiers, so they have no puts.
      IdentifierChunk puts = new IdentifierChunk(claimed.size());
      for (IdentityKind kind : IdentityKind.values()) {
        int k = kind.ordinal();
        for (int i = 0; i < claimers[k].length; i++) {
          puts.add(kind, hashes[k], i * IdentityIndex.IDENTIFIER_BYTES, claimers[k][i]);
        }
      }
      index.putAll(puts);
    }

    int upsert(String userId, List<PersonIdentifier> identifiers) {
      IdentityRecord current = current(userId);
      int person;
      if (current != null) {
        person = current.person();
      } else {
        if (next > IdentityIndex.MAX_PERSON) {
          throw new IllegalStateException("the identity base is full: " + next + " people");
        }
        person = next++;
      }
      count += identifiers.size() - (current == null ? 0 : current.identifiers().size());
      for (PersonIdentifier id : identifiers) {
        int k = id.kind().ordinal();
        int at = nextOwner[k]++;
        int indexOwner = owners[k][at];
        claimers[k][at] = person;
        String claimedBy = claimed.put(id, userId);
        if (claimedBy != null) {
          takeFrom(claimedBy, id);
        } else if (indexOwner != NO_PERSON && indexOwner != person) {
          takeFrom(userOf(indexOwner), id);
        }
      }
      after.put(userId, new IdentityRecord(userId, person, identifiers));
      return person;
    }

    /** Removes {@code id} from the record of {@code ownerId}, who loses it to another user. */
    private void takeFrom(@Nullable String ownerId, PersonIdentifier id) {
      IdentityRecord record = ownerId == null ? null : current(ownerId);
      if (record == null) {
        return;
      }
      List<PersonIdentifier> kept = new ArrayList<>(record.identifiers());
      if (kept.remove(id)) {
        count--;
        after.put(ownerId, new IdentityRecord(ownerId, record.person(), kept));
      }
    }

    /** The user id of {@code person}, who exists: staged ahead, or in the store. */
    private @Nullable String userOf(int person) {
      for (int i = ahead.size() - 1; i >= 0; i--) {
        IdentityRecord record = ahead.get(i).recordOf(person);
        if (record != null) {
          return record.userId();
        }
      }
      return store.userOf(person).orElse(null);
    }

    /** The user's record as this batch has left it so far, or null. */
    private @Nullable IdentityRecord current(String userId) {
      IdentityRecord staged = after.get(userId);
      if (staged != null) {
        return staged;
      }
      if (!before.containsKey(userId) && nextPerson > 0 && !users.containsKey(userId)) {
        // an owner outside this batch (the batch's own users were all read up front)
        IdentityRecord stored = stagedRecord(ahead, userId);
        before.put(userId, stored != null ? stored : store.byUser(userId).orElse(null));
      }
      return before.get(userId);
    }
  }

  /** {@code ids} without repeats, first occurrence kept: a loop for the usual handful. */
  private static List<PersonIdentifier> distinct(List<PersonIdentifier> ids) {
    if (ids.size() > 16) {
      return List.copyOf(new LinkedHashSet<>(ids));
    }
    List<PersonIdentifier> distinct = new ArrayList<>(ids.size());
    for (PersonIdentifier id : ids) {
      if (!distinct.contains(id)) {
        distinct.add(id);
      }
    }
    return List.copyOf(distinct);
  }
}
