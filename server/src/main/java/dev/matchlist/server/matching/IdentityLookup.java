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
}
