package dev.matchlist.server.matching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
  private final IdentityRecordStore store;
  private final IdentityIndex index;
  private int nextPerson;
  private long identifierCount;

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
   * instead of 39).
   */
  public void reserve(long identifiers) {
    index.ensureCapacity(identifiers);
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
  public synchronized Map<String, Integer> upsertAll(Map<String, List<PersonIdentifier>> users) {
    Batch batch = new Batch(users.size());
    Map<String, IdentityRecord> stored = store.byUsers(users.keySet());
    for (String userId : users.keySet()) {
      batch.before.put(userId, Optional.ofNullable(stored.get(userId)));
    }
    Map<String, Integer> persons = new LinkedHashMap<>();
    for (Map.Entry<String, List<PersonIdentifier>> user : users.entrySet()) {
      persons.put(user.getKey(), batch.upsert(user.getKey(), user.getValue()));
    }
    store.commit(batch.after.values(), List.of(), batch.next, batch.count);
    nextPerson = batch.next;
    identifierCount = batch.count;
    for (IdentityRecord record : batch.after.values()) {
      Set<PersonIdentifier> now = new HashSet<>(record.identifiers());
      for (PersonIdentifier gone : batch.storedIdentifiers(record.userId())) {
        if (!now.contains(gone)) {
          index.remove(gone.kind(), gone.hashUnsafe(), record.person());
        }
      }
    }
    IdentifierChunk puts = new IdentifierChunk(batch.claimed.size());
    for (IdentityRecord record : batch.after.values()) {
      for (PersonIdentifier id : record.identifiers()) {
        Integer claimedBy = batch.claimed.get(id);
        if (claimedBy == null || claimedBy == record.person()) {
          puts.add(id.kind(), id.hashUnsafe(), 0, record.person());
        }
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
    return store.byUser(userId).map(IdentityRecord::person).orElse(NO_PERSON);
  }

  /** The stored identifiers of {@code userId}, empty when unknown. */
  public Optional<IdentityRecord> record(String userId) {
    return store.byUser(userId);
  }

  /** Identifiers held by all people together. */
  public synchronized long identifierCount() {
    return identifierCount;
  }

  /** Person ids handed out so far (deleted people included: ids are never reused). */
  public synchronized int personIdsAssigned() {
    return nextPerson;
  }

  /** The records one {@link #upsertAll} changes, staged before the one write. */
  private final class Batch {
    final Map<String, Optional<IdentityRecord>> before;
    final Map<String, IdentityRecord> after;
    final Map<PersonIdentifier, Integer> claimed;
    final Map<Integer, String> userOfPerson;
    int next = nextPerson;
    long count = identifierCount;

    /** Sized for {@code users} users of about two identifiers each, so that no map rehashes. */
    Batch(int users) {
      before = HashMap.newHashMap(users);
      after = LinkedHashMap.newLinkedHashMap(users);
      claimed = HashMap.newHashMap(2 * users);
      userOfPerson = HashMap.newHashMap(users);
    }

    int upsert(String userId, List<PersonIdentifier> identifiers) {
      Set<PersonIdentifier> wanted = new LinkedHashSet<>(identifiers);
      Optional<IdentityRecord> current = current(userId);
      int person;
      if (current.isPresent()) {
        person = current.get().person();
      } else {
        if (next > IdentityIndex.MAX_PERSON) {
          throw new IllegalStateException("the identity base is full: " + next + " people");
        }
        person = next++;
      }
      count += wanted.size() - current.map(r -> r.identifiers().size()).orElse(0);
      userOfPerson.put(person, userId);
      for (PersonIdentifier id : wanted) {
        Integer claimedBy = claimed.get(id);
        int owner = claimedBy != null ? claimedBy : index.personOf(id.kind(), id.hashUnsafe(), 0);
        if (owner != NO_PERSON && owner != person) {
          takeFrom(owner, id);
        }
        claimed.put(id, person);
      }
      after.put(userId, new IdentityRecord(userId, person, List.copyOf(wanted)));
      return person;
    }

    /** Removes {@code id} from the record of {@code owner}, who loses it to another user. */
    private void takeFrom(int owner, PersonIdentifier id) {
      String ownerId = userOfPerson.get(owner);
      Optional<IdentityRecord> record =
          ownerId != null ? current(ownerId) : store.userOf(owner).flatMap(this::current);
      record.ifPresent(
          r -> {
            List<PersonIdentifier> kept = new ArrayList<>(r.identifiers());
            if (kept.remove(id)) {
              count--;
              after.put(r.userId(), new IdentityRecord(r.userId(), r.person(), kept));
              userOfPerson.put(r.person(), r.userId());
            }
          });
    }

    /** The user's record as this batch has left it so far. */
    private Optional<IdentityRecord> current(String userId) {
      IdentityRecord staged = after.get(userId);
      return staged != null ? Optional.of(staged) : stored(userId);
    }

    private Optional<IdentityRecord> stored(String userId) {
      return before.computeIfAbsent(userId, store::byUser);
    }

    List<PersonIdentifier> storedIdentifiers(String userId) {
      return stored(userId).map(IdentityRecord::identifiers).orElse(List.of());
    }
  }
}
