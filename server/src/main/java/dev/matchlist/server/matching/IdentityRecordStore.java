package dev.matchlist.server.matching;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Durable storage of the identity base, shaped by what {@link IdentityBase} needs: records by user
 * id, user id by person, a person-id counter, and atomic multi-record changes.
 */
public interface IdentityRecordStore {
  Optional<IdentityRecord> byUser(String userId);

  /** The stored records of those of {@code userIds} that exist, by user id (one round trip). */
  default Map<String, IdentityRecord> byUsers(Collection<String> userIds) {
    Map<String, IdentityRecord> found = new HashMap<>();
    for (String userId : userIds) {
      byUser(userId).ifPresent(r -> found.put(userId, r));
    }
    return found;
  }

  Optional<String> userOf(int person);

  /** The person of {@code userId}, or {@link IdentityLookup#NO_PERSON}: no identifiers read. */
  default int personOfUser(String userId) {
    return byUser(userId).map(IdentityRecord::person).orElse(IdentityLookup.NO_PERSON);
  }

  /** The first person id never assigned (0 for an empty store). */
  int nextPerson();

  /** Identifiers held by all records together, for presizing the index at start. */
  long identifierCount();

  /**
   * Writes {@code puts} (by user id, replacing), deletes {@code deletes} (both directions of each),
   * and stores the counters — all or nothing, on disk when this returns.
   */
  default void commit(
      Collection<IdentityRecord> puts,
      Collection<IdentityRecord> deletes,
      int nextPerson,
      long identifierCount) {
    prepareCommit(puts, deletes, nextPerson, identifierCount).write();
  }

  /**
   * Builds what {@link #commit} writes, without writing it: a writer whose commits go to the store
   * one at a time builds the next while the one before is written.
   */
  PreparedCommit prepareCommit(
      Collection<IdentityRecord> puts,
      Collection<IdentityRecord> deletes,
      int nextPerson,
      long identifierCount);

  /** A commit built by {@link #prepareCommit}: nothing is written until {@link #write}. */
  interface PreparedCommit {
    /** Writes the commit, all or nothing, on disk when this returns. */
    void write();
  }

  /** Every record, in no particular order. */
  void forEach(Consumer<IdentityRecord> each);

  /**
   * Every stored (identifier, person), in chunks of a few thousand, and every stored user id, in
   * lists of as many users, for rebuilding the index and the user id filter. Both may be called
   * from several threads at once (a store may decode in parallel); a chunk or list is only valid
   * during its call.
   */
  default void forEachIdentifierChunk(
      Consumer<IdentifierChunk> each, Consumer<List<String>> userIds) {
    IdentifierChunk chunk = new IdentifierChunk(4096);
    List<String> users = new ArrayList<>();
    forEach(
        record -> {
          users.add(record.userId());
          for (PersonIdentifier id : record.identifiers()) {
            chunk.add(id.kind(), id.hashUnsafe(), 0, record.person());
          }
          if (chunk.size() >= 4096) {
            each.accept(chunk);
            chunk.clear();
            userIds.accept(users);
            users.clear();
          }
        });
    each.accept(chunk);
    userIds.accept(users);
  }
}
