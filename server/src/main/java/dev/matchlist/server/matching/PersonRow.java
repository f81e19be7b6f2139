package dev.matchlist.server.matching;

import dev.matchlist.core.Hex;
import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.Sha256;
import dev.matchlist.core.normalize.Normalized;
import dev.matchlist.core.normalize.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
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
  private static final SchemaKey[] KEYS = SchemaKey.values();
  private static final IdentityKind[] KINDS = IdentityKind.values();
  private static final long[] KIND_BITS =
      Arrays.stream(KINDS).mapToLong(kind -> bitsOf(kind.components())).toArray();
  // each kind's component keys, by ordinal
  private static final int[][] KIND_COMPONENTS =
      Arrays.stream(KINDS)
          .map(kind -> kind.components().stream().mapToInt(SchemaKey::ordinal).toArray())
          .toArray(int[][]::new);

  static {
    if (KEYS.length > Long.SIZE) {
      throw new ExceptionInInitializerError("more schema keys than bits in a long");
    }
  }

  public PersonRow {
    raw = enumCopy(raw);
    hashed = Map.copyOf(hashed);
  }

  /**
   * An unmodifiable copy that rejects nulls as {@link Map#copyOf} does, kept as an {@link EnumMap}:
   * copying and reading one is an array access per key, not a hash probe (a load makes a row per
   * user).
   */
  private static Map<SchemaKey, String> enumCopy(Map<SchemaKey, String> raw) {
    EnumMap<SchemaKey, String> copy;
    if (raw instanceof EnumMap<SchemaKey, String> enumMap) {
      copy = new EnumMap<>(enumMap); // an array copy
    } else {
      copy = new EnumMap<>(SchemaKey.class);
      copy.putAll(raw);
    }
    if (copy.containsValue(null)) {
      throw new NullPointerException("a raw value is null");
    }
    return Collections.unmodifiableMap(copy);
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
    SchemaKey[] keys = raw.keySet().toArray(SchemaKey[]::new); // an EnumMap's: in ordinal order
    return identifiers(normalizer, keys, raw.values().toArray(String[]::new), hashed);
  }

  /**
   * As {@link #identifiers(Normalizer)} for a row given as parallel arrays, without the maps: a
   * load reads a row per user.
   *
   * @param keys the raw values' keys, each once, in ordinal order (the order rejections are listed)
   * @param values the raw values, none null
   */
  public static Identifiers identifiers(Normalizer normalizer, SchemaKey[] keys, String[] values) {
    return identifiers(normalizer, keys, values, Map.of());
  }

  private static Identifiers identifiers(
      Normalizer normalizer, SchemaKey[] keys, String[] values, Map<SchemaKey, byte[]> hashed) {
    // per key (by ordinal) its 32-byte hash: an array, as a load makes one per user
    byte[][] hashes = new byte[KEYS.length][];
    Map<SchemaKey, String> rejected = Map.of(); // most rows have none: made on the first
    String country = null;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == SchemaKey.COUNTRY) {
        country = values[i];
      }
    }
    for (int i = 0; i < keys.length; i++) {
      SchemaKey key = keys[i];
      String value = values[i];
      if (!key.isIdentifier() || key == SchemaKey.COUNTRY && value.isBlank()) {
        continue;
      }
      // Shorter than a SHA-256 hex, a hashed key's value cannot be one: normalize and digest it
      // here rather than have toWire hex-encode the digest for us to decode again.
      boolean maybeHashed = key.isHashed() && value.length() >= Hex.SHA256_HEX_LENGTH;
      Normalized wire =
          maybeHashed
              ? normalizer.toWire(key, value, country)
              : normalizer.normalize(key, value, country);
      if (!wire.isValid()) {
        if (!value.isBlank()) {
          rejected = put(rejected, key, wire.reason());
        }
        continue;
      }
      hashes[key.ordinal()] =
          maybeHashed ? Hex.decodeSha256(wire.value()) : Sha256.digest(wire.value());
    }
    for (Map.Entry<SchemaKey, byte[]> cell : hashed.entrySet()) {
      if (cell.getValue().length != IdentityIndex.IDENTIFIER_BYTES) {
        rejected =
            put(rejected, cell.getKey(), "a hash must be 32 bytes, got " + cell.getValue().length);
      } else {
        hashes[cell.getKey().ordinal()] = cell.getValue().clone();
      }
    }
    return new Identifiers(identifiersOf(hashes), rejected);
  }

  private static Map<SchemaKey, String> put(
      Map<SchemaKey, String> rejected, SchemaKey key, String reason) {
    Map<SchemaKey, String> map = rejected.isEmpty() ? new LinkedHashMap<>() : rejected;
    map.put(key, reason);
    return map;
  }

  /** The identifiers given by per-key hashes: strong kinds, then every complete combination. */
  public static List<PersonIdentifier> identifiersOf(Map<SchemaKey, byte[]> hashes) {
    byte[][] byOrdinal = new byte[KEYS.length][];
    hashes.forEach((key, hash) -> byOrdinal[key.ordinal()] = hash);
    return identifiersOf(byOrdinal);
  }

  /** As {@link #identifiersOf(Map)}, the hashes by key ordinal (null: absent). */
  private static List<PersonIdentifier> identifiersOf(byte[][] hashes) {
    long present = 0; // one bit per key with a hash, by ordinal
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] != null && !Arrays.equals(hashes[i], EMPTY_SHA256)) { // hashed blank: absent
        present |= 1L << i;
      }
    }
    int count = 0;
    for (long bits : KIND_BITS) {
      if ((present & bits) == bits) {
        count++;
      }
    }
    List<PersonIdentifier> identifiers = new ArrayList<>(count);
    for (int k = 0; k < KINDS.length; k++) {
      if ((present & KIND_BITS[k]) != KIND_BITS[k]) {
        continue; // a component is missing
      }
      IdentityKind kind = KINDS[k];
      int[] components = KIND_COMPONENTS[k];
      if (!kind.isComposite()) {
        identifiers.add(new PersonIdentifier(kind, hashes[components[0]]));
        continue;
      }
      byte[] concatenated = new byte[IdentityIndex.IDENTIFIER_BYTES * components.length];
      for (int i = 0; i < components.length; i++) {
        System.arraycopy(
            hashes[components[i]],
            0,
            concatenated,
            i * IdentityIndex.IDENTIFIER_BYTES,
            IdentityIndex.IDENTIFIER_BYTES);
      }
      identifiers.add(new PersonIdentifier(kind, kind.compositeIdentifier(concatenated)));
    }
    return identifiers;
  }

  /** One bit per key, by ordinal: a kind's components are there when all its bits are. */
  private static long bitsOf(Collection<SchemaKey> keys) {
    long bits = 0;
    for (SchemaKey key : keys) {
      bits |= 1L << key.ordinal();
    }
    return bits;
  }
}
