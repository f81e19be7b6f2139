package dev.matchlist.server.matching;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
   * at most a few requests in flight, so more means a read fell that far behind and reads again.
   */
  private static final int RECENT_COMMITS = 16;

  private final IdentityRecordStore store;
  private final IdentityIndex index;
  private int nextPerson;
  private long identifierCount;

  /** Store commits so far: where a {@link StoredUsers} read stands among the writes. */
  private long commits;

  private final RecentWrites recentWrites = new RecentWrites(RECENT_COMMITS);

  private IdentityBase(IdentityRecordStore store, IdentityIndex index) {
    this.store = store;
    this.index = index;
    this.nextPerson = store.nextPerson();
    this.identifierCount = store.identifierCount();
  }

  /**
   * Opens the base on {@code store}, rebuilding the index from every stored record: the index is
   * sized for the stored identifier count up front (so it never resizes here and sits at ~92 %
   * load), and filled chunk by chunk, possibly from the store's decoding threads.
   */
  public static IdentityBase open(IdentityRecordStore store) {
    IdentityIndex index = new IdentityIndex(store.identifierCount());
    store.forEachIdentifierChunk(index::putAll);
    return new IdentityBase(store, index);
  }

  /**
   * Sizes the index for {@code identifiers} in total now, so that a bulk load of known size grows
   * it once instead of by 1.5× steps (which leave it at 61–92 % load, up to 56 bytes an identifier
   * instead of 39). A hint: more than one index holds is capped to what it holds.
   */
  public void reserve(long identifiers) {
    index.ensureCapacity(Math.min(identifiers, IdentityIndex.MAX_IDENTIFIERS));
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
   * <p>Bulk loads go through here, so it does per identifier only what a move needs: the current
   * owners of the whole batch are looked up in the index in groups ({@link
   * IdentityIndex#personsOf}, several cache misses in flight), the store is not asked for existing
   * users while no person exists yet, and only users that had a stored record are diffed.
   *
   * @return each user's person id, in {@code users}' order
   */
  public Map<String, Integer> upsertAll(Map<String, List<PersonIdentifier>> users) {
    return upsertAll(users, readStored(users.keySet()));
  }

  /**
   * Reads the stored records of {@code userIds} now, outside the one writer's turn, for a later
   * {@link #upsertAll(Map, StoredUsers)}: a load request reads while its predecessor is written.
   */
  public StoredUsers readStored(Collection<String> userIds) {
    long seen;
    int people;
    synchronized (this) {
      seen = commits;
      people = nextPerson;
    }
    // Every commit up to `seen` is in the store now; later ones are re-read at the write.
    return new StoredUsers(seen, people == 0 ? new HashMap<>() : store.byUsers(userIds));
  }

  /**
   * {@link #upsertAll(Map)} with the users' records read ahead by {@link #readStored}: only the
   * users that writes since then touched are read again, inside the turn.
   */
  public synchronized Map<String, Integer> upsertAll(
      Map<String, List<PersonIdentifier>> users, StoredUsers read) {
    Map<String, IdentityRecord> stored = new HashMap<>(read.records);
    List<String> stale = recentWrites.touchedSince(read.commitsSeen, commits, users.keySet());
    if (!stale.isEmpty()) {
      for (String userId : stale) {
        stored.remove(userId);
      }
      stored.putAll(store.byUsers(stale));
    }
    Batch batch = new Batch(users, stored);
    Map<String, Integer> persons = LinkedHashMap.newLinkedHashMap(users.size());
    int at = 0;
    for (Map.Entry<String, List<PersonIdentifier>> user : users.entrySet()) {
      persons.put(user.getKey(), batch.upsert(user.getKey(), batch.wanted.get(at++)));
    }
    store.commit(batch.after.values(), List.of(), batch.next, batch.count);
    recentWrites.add(++commits, batch.after.keySet());
    nextPerson = batch.next;
    identifierCount = batch.count;
    for (IdentityRecord record : batch.after.values()) {
      IdentityRecord before = stored.get(record.userId());
      if (before == null) {
        continue; // a new user: nothing of it is in the index yet
      }
      for (PersonIdentifier gone : before.identifiers()) {
        if (!record.identifiers().contains(gone)) {
          index.remove(gone.kind(), gone.hashUnsafe(), record.person());
        }
      }
    }
    // every staged record holds only what it owns: an identifier a later user took left it
    IdentifierChunk puts = new IdentifierChunk(batch.claimed.size());
    for (IdentityRecord record : batch.after.values()) {
      for (PersonIdentifier id : record.identifiers()) {
        puts.add(id.kind(), id.hashUnsafe(), 0, record.person());
      }
    }
    index.putAll(puts);
    return persons;
  }

  /**
   * Deletes {@code userId} and its identifiers.
   *
   * @return the person id it had (for membership to drop), or {@link #NO_PERSON} if unknown
   */
  public synchronized int delete(String userId) {
    Optional<IdentityRecord> old = store.byUser(userId);
    if (old.isEmpty()) {
      return NO_PERSON;
    }
    IdentityRecord record = old.get();
    long count = identifierCount - record.identifiers().size();
    store.commit(List.of(), List.of(record), nextPerson, count);
    recentWrites.add(++commits, Set.of(userId));
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

    // The index's owner of every wanted identifier, per kind, in the order upsert meets them.
    private final int[][] owners = new int[KINDS][];
    private final int[] nextOwner = new int[KINDS];
    int next = nextPerson;
    long count = identifierCount;

    Batch(Map<String, List<PersonIdentifier>> users, Map<String, IdentityRecord> stored) {
      this.users = users;
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
      byte[][] hashes = new byte[KINDS][];
      for (int k = 0; k < KINDS; k++) {
        hashes[k] = new byte[perKind[k] * IdentityIndex.IDENTIFIER_BYTES];
        owners[k] = new int[perKind[k]];
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
        int indexOwner = owners[k][nextOwner[k]++];
        String claimedBy = claimed.put(id, userId);
        if (claimedBy != null) {
          takeFrom(claimedBy, id);
        } else if (indexOwner != NO_PERSON && indexOwner != person) {
          store.userOf(indexOwner).ifPresent(owner -> takeFrom(owner, id));
        }
      }
      after.put(userId, new IdentityRecord(userId, person, identifiers));
      return person;
    }

    /** Removes {@code id} from the record of {@code ownerId}, who loses it to another user. */
    private void takeFrom(String ownerId, PersonIdentifier id) {
      IdentityRecord record = current(ownerId);
      if (record == null) {
        return;
      }
      List<PersonIdentifier> kept = new ArrayList<>(record.identifiers());
      if (kept.remove(id)) {
        count--;
        after.put(ownerId, new IdentityRecord(ownerId, record.person(), kept));
      }
    }

    /** The user's record as this batch has left it so far, or null. */
    private @Nullable IdentityRecord current(String userId) {
      IdentityRecord staged = after.get(userId);
      if (staged != null) {
        return staged;
      }
      IdentityRecord stored = before.get(userId);
      if (stored == null && nextPerson > 0 && !users.containsKey(userId)) {
        // an owner outside this batch (the batch's own users were all read up front)
        stored = store.byUser(userId).orElse(null);
        before.put(userId, stored);
      }
      return stored;
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
