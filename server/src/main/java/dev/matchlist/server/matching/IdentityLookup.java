package dev.matchlist.server.matching;

/**
 * Finds the person an identifier belongs to in the operator's identity base. Implementations are
 * safe for concurrent readers; people are dense non-negative ints.
 */
public interface IdentityLookup {
  /** What {@link #personOf} answers when nobody has the identifier. */
  int NO_PERSON = -1;

  /**
   * The person with this identifier, or {@link #NO_PERSON}.
   *
   * @param identifier 32 bytes at {@code offset}: the upload's hash (or, for a combination, its
   *     {@link IdentityKind#compositeIdentifier})
   */
  int personOf(IdentityKind kind, byte[] identifier, int offset);

  /**
   * Looks up {@code count} identifiers of one kind at once: {@code persons[i]} gets {@link
   * #personOf} of the 32 bytes at {@code identifiers[32 * i]}. Same answers as one by one; an index
   * may start all their memory accesses first so that the cache misses overlap.
   */
  default void personsOf(IdentityKind kind, byte[] identifiers, int count, int[] persons) {
    for (int i = 0; i < count; i++) {
      persons[i] = personOf(kind, identifiers, 32 * i);
    }
  }
}
