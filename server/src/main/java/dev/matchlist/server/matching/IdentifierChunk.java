package dev.matchlist.server.matching;

import java.util.Arrays;

/**
 * A reusable buffer of (kind, 32-byte identifier, person) triples, flat in arrays so that bulk
 * loads and rebuilds create no object per identifier; {@link IdentityIndex#putAll} takes one under
 * a single write-lock acquisition.
 */
public final class IdentifierChunk {
  private IdentityKind[] kinds;
  private byte[] identifiers;
  private int[] persons;
  private int size;

  public IdentifierChunk(int expected) {
    int capacity = Math.max(1, expected);
    this.kinds = new IdentityKind[capacity];
    this.identifiers = new byte[capacity * IdentityIndex.IDENTIFIER_BYTES];
    this.persons = new int[capacity];
  }

  /** Appends the 32 bytes of {@code source} at {@code offset} for {@code person}. */
  public void add(IdentityKind kind, byte[] source, int offset, int person) {
    if (size == persons.length) {
      int capacity = size * 2;
      kinds = Arrays.copyOf(kinds, capacity);
      identifiers = Arrays.copyOf(identifiers, capacity * IdentityIndex.IDENTIFIER_BYTES);
      persons = Arrays.copyOf(persons, capacity);
    }
    kinds[size] = kind;
    System.arraycopy(
        source,
        offset,
        identifiers,
        size * IdentityIndex.IDENTIFIER_BYTES,
        IdentityIndex.IDENTIFIER_BYTES);
    persons[size] = person;
    size++;
  }

  public int size() {
    return size;
  }

  public void clear() {
    size = 0;
  }

  IdentityKind kind(int i) {
    return kinds[i];
  }

  /** The array holding identifier {@code i} at offset {@code 32 * i}. */
  byte[] identifiers() {
    return identifiers;
  }

  int person(int i) {
    return persons[i];
  }
}
