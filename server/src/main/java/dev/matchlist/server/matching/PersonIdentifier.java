package dev.matchlist.server.matching;

import dev.matchlist.core.Hex;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One identifier of a person: its kind and its 32 bytes (the SHA-256 of the normalized value, or
 * for a combination its {@link IdentityKind#compositeIdentifier}). Never raw data.
 *
 * <p>Equality is by content (a record over an array would compare references).
 */
public record PersonIdentifier(IdentityKind kind, byte[] hash) {
  private static final VarHandle FIRST_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  public PersonIdentifier {
    if (hash.length != IdentityIndex.IDENTIFIER_BYTES) {
      throw new IllegalArgumentException(kind + " identifier must be 32 bytes, got " + hash.length);
    }
    hash = hash.clone();
  }

  /** From 64 hex characters. */
  public static PersonIdentifier ofHex(IdentityKind kind, String hex) {
    return new PersonIdentifier(kind, Hex.decodeSha256(hex));
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }

  /** The hash without a defensive copy, for callers in this package that only read it. */
  byte[] hashUnsafe() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PersonIdentifier other
        && kind == other.kind
        && Arrays.equals(hash, other.hash);
  }

  /** The hash's first four bytes: a SHA-256 (or a combination of them) is spread already. */
  @Override
  public int hashCode() {
    return 31 * kind.ordinal() + (int) FIRST_INT.get(hash, 0);
  }

  @Override
  public String toString() {
    return kind + ":" + Hex.encode(hash);
  }
}
