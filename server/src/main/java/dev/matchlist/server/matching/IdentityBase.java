package dev.matchlist.server.matching;

import java.util.ArrayList;
import java.util.HashMap;
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

  /** Opens the base on {@code store}, rebuilding the index from every stored record. */
  public static IdentityBase open(IdentityRecordStore store) {
    IdentityIndex index = new IdentityIndex(store.identifierCount());
    store.forEach(
        record -> {
          for (PersonIdentifier id : record.identifiers()) {
            index.put(id.kind(), id.hashUnsafe(), record.person());
          }
        });
    return new IdentityBase(store, index);
  }

  /**
   * Loads {@code userId} with exactly {@code identifiers} (duplicates ignored), replacing what it
   * had.
   *
   * @return the user's person id (the existing one when the user id is known)
   */
  public synchronized int upsert(String userId, List<PersonIdentifier> identifiers) {
    Set<PersonIdentifier> wanted = new LinkedHashSet<>(identifiers);
    Optional<IdentityRecord> old = store.byUser(userId);
    int person;
    if (old.isPresent()) {
      person = old.get().person();
    } else {
      if (nextPerson > IdentityIndex.MAX_PERSON) {
        throw new IllegalStateException("the identity base is full: " + nextPerson + " people");
      }
      person = nextPerson;
    }
    List<IdentityRecord> puts = new ArrayList<>();
    puts.add(new IdentityRecord(userId, person, List.copyOf(wanted)));
    long count = identifierCount + wanted.size() - old.map(r -> r.identifiers().size()).orElse(0);
    for (IdentityRecord loser : takenFromOthers(person, wanted).values()) {
      count -= loser.identifiers().size();
      List<PersonIdentifier> kept = new ArrayList<>(loser.identifiers());
      kept.removeAll(wanted);
      count += kept.size();
      puts.add(new IdentityRecord(loser.userId(), loser.person(), kept));
    }
    int next = old.isPresent() ? nextPerson : person + 1;
    store.commit(puts, List.of(), next, count);
    nextPerson = next;
    identifierCount = count;
    if (old.isPresent()) {
      for (PersonIdentifier gone : old.get().identifiers()) {
        if (!wanted.contains(gone)) {
          index.remove(gone.kind(), gone.hashUnsafe(), person);
        }
      }
    }
    for (PersonIdentifier id : wanted) {
      index.put(id.kind(), id.hashUnsafe(), person);
    }
    return person;
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

  /** The records of other people currently holding one of {@code wanted}, by person. */
  private Map<Integer, IdentityRecord> takenFromOthers(int person, Set<PersonIdentifier> wanted) {
    Map<Integer, IdentityRecord> others = new HashMap<>();
    for (PersonIdentifier id : wanted) {
      int owner = index.personOf(id.kind(), id.hashUnsafe(), 0);
      if (owner != NO_PERSON && owner != person && !others.containsKey(owner)) {
        store.userOf(owner).flatMap(store::byUser).ifPresent(r -> others.put(owner, r));
      }
    }
    return others;
  }
}
