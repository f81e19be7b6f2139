package dev.matchlist.server.matching;

import java.util.Optional;

/**
 * The operator's people: identifiers to person ids (as an {@link IdentityLookup}) and person ids to
 * and from the operator's own user ids. Safe for concurrent readers.
 */
public interface PersonDirectory extends IdentityLookup {
  /** The user id of {@code person}, empty when nobody has (or still has) that id. */
  Optional<String> userIdOf(int person);

  /** The person id of {@code userId}, or {@link #NO_PERSON}. */
  int personOfUser(String userId);
}
