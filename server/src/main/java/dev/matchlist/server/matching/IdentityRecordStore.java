package dev.matchlist.server.matching;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Durable storage of the identity base, shaped by what {@link IdentityBase} needs: records by user
 * id, user id by person, a person-id counter, and atomic multi-record changes.
 */
public interface IdentityRecordStore {
  Optional<IdentityRecord> byUser(String userId);

  Optional<String> userOf(int person);

  /** The first person id never assigned (0 for an empty store). */
  int nextPerson();

  /** Identifiers held by all records together, for presizing the index at start. */
  long identifierCount();

  /**
   * Writes {@code puts} (by user id, replacing), deletes {@code deletes} (both directions of each),
   * and stores the counters — all or nothing, on disk when this returns.
   */
  void commit(
      Collection<IdentityRecord> puts,
      Collection<IdentityRecord> deletes,
      int nextPerson,
      long identifierCount);

  /** Every record, in no particular order. */
  void forEach(Consumer<IdentityRecord> each);
}
