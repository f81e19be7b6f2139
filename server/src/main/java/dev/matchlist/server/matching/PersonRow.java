package dev.matchlist.server.matching;

import dev.matchlist.core.Hex;
import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.Sha256;
import dev.matchlist.core.normalize.Normalized;
import dev.matchlist.core.normalize.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the operator's user file: the user id, raw values by key and already-hashed values by
 * key. {@link #identifiers} turns it into what the identity base stores — hashes only — the same
 * way an upload row is read: hashed keys normalized and SHA-256'd by {@link Normalizer#toWire} (a
 * 64-hex value passes through), clear ids (EXTERN_ID, MADID, APPUID, PAGEUID) normalized and
 * SHA-256'd, and each combination kind derived when all its components are there.
 *
 * @param raw raw values (may be already-hashed hex for hashed keys); COUNTRY sets the phone region
 * @param hashed 32-byte hashes of normalized values; they win over {@code raw} for the same key
 */
public record PersonRow(String userId, Map<SchemaKey, String> raw, Map<SchemaKey, byte[]> hashed) {
  private static final byte[] EMPTY_SHA256 = Sha256.digest("");

  public PersonRow {
    raw = Map.copyOf(raw);
    hashed = Map.copyOf(hashed);
  }

  /** A row of raw values only. */
  public static PersonRow of(String userId, Map<SchemaKey, String> raw) {
    return new PersonRow(userId, raw, Map.of());
  }

  /**
   * The row's identifiers, strong kinds first, and the values that could not be used.
   *
   * @param rejected per key, why its raw value was refused (a person can act on it)
   */
  public record Identifiers(List<PersonIdentifier> identifiers, Map<SchemaKey, String> rejected) {}

  public Identifiers identifiers(Normalizer normalizer) {
    Map<SchemaKey, byte[]> hashes = new EnumMap<>(SchemaKey.class);
    Map<SchemaKey, String> rejected = new LinkedHashMap<>();
    String country = raw.get(SchemaKey.COUNTRY);
    for (Map.Entry<SchemaKey, String> cell : raw.entrySet()) {
      SchemaKey key = cell.getKey();
      if (!key.isIdentifier() || key == SchemaKey.COUNTRY && cell.getValue().isBlank()) {
        continue;
      }
      String value = cell.getValue();
      // Shorter than a SHA-256 hex, a hashed key's value cannot be one: normalize and digest it
      // here rather than have toWire hex-encode the digest for us to decode again.
      boolean maybeHashed = key.isHashed() && value.length() >= Hex.SHA256_HEX_LENGTH;
      Normalized wire =
          maybeHashed
              ? normalizer.toWire(key, value, country)
              : normalizer.normalize(key, value, country);
      if (!wire.isValid()) {
        if (!value.isBlank()) {
          rejected.put(key, wire.reason());
        }
        continue;
      }
      hashes.put(key, maybeHashed ? Hex.decodeSha256(wire.value()) : Sha256.digest(wire.value()));
    }
    for (Map.Entry<SchemaKey, byte[]> cell : hashed.entrySet()) {
      if (cell.getValue().length != IdentityIndex.IDENTIFIER_BYTES) {
        rejected.put(cell.getKey(), "a hash must be 32 bytes, got " + cell.getValue().length);
      } else {
        hashes.put(cell.getKey(), cell.getValue().clone());
      }
    }
    hashes.values().removeIf(h -> Arrays.equals(h, EMPTY_SHA256)); // hashed blank: absent
    return new Identifiers(identifiersOf(hashes), rejected);
  }

  /** The identifiers given by per-key hashes: strong kinds, then every complete combination. */
  public static List<PersonIdentifier> identifiersOf(Map<SchemaKey, byte[]> hashes) {
    List<PersonIdentifier> identifiers = new ArrayList<>();
    for (IdentityKind kind : IdentityKind.values()) {
      List<SchemaKey> components = kind.components();
      if (!hasAll(hashes, components)) {
        continue;
      }
      if (!kind.isComposite()) {
        identifiers.add(new PersonIdentifier(kind, hashes.get(components.get(0))));
        continue;
      }
      byte[] concatenated = new byte[IdentityIndex.IDENTIFIER_BYTES * components.size()];
      for (int i = 0; i < components.size(); i++) {
        System.arraycopy(
            hashes.get(components.get(i)),
            0,
            concatenated,
            i * IdentityIndex.IDENTIFIER_BYTES,
            IdentityIndex.IDENTIFIER_BYTES);
      }
      identifiers.add(new PersonIdentifier(kind, kind.compositeIdentifier(concatenated)));
    }
    return identifiers;
  }

  private static boolean hasAll(Map<SchemaKey, byte[]> hashes, List<SchemaKey> keys) {
    for (int i = 0; i < keys.size(); i++) {
      if (!hashes.containsKey(keys.get(i))) {
        return false;
      }
    }
    return true;
  }
}
