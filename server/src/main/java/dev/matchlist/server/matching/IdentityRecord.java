package dev.matchlist.server.matching;

import java.util.List;

/**
 * What the identity base keeps of one of the operator's users: their user id, their dense person id
 * and the identifiers they hold (hashes only).
 */
public record IdentityRecord(String userId, int person, List<PersonIdentifier> identifiers) {
  public IdentityRecord {
    identifiers = List.copyOf(identifiers);
  }
}
