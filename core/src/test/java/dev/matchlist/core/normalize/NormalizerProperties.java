package dev.matchlist.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.core.Hex;
import dev.matchlist.core.SchemaKey;
import java.util.Locale;

/**
 * The properties every input must have, shared by the seeded random test, the fixture replay and
 * the Jazzer fuzz test. Each throws an {@link AssertionError} naming the key when it fails.
 */
final class NormalizerProperties {
  static final Normalizer STANDARD = Normalizer.standard();
  static final Normalizer US = Normalizer.builder().defaultRegion("US").build();

  /** The property names, as used in fixture file names. */
  static final String IDEMPOTENT = "idempotent";

  static final String HEX_PASSES = "hexpasses";

  static final String NO_THROW = "nothrow";

  private NormalizerProperties() {}

  /**
   * For every key: normalizing never throws, and normalizing a normalized value gives it back (with
   * the standard normalizer, and with a US default region for every key but PHONE, whose output
   * carries its own country code and is re-read without a region). toWire of a hashed key is a
   * 64-hex value or the same rejection as normalize.
   */
  static void idempotent(String raw) {
    for (SchemaKey key : SchemaKey.values()) {
      idempotentWith(STANDARD, key, raw);
      idempotentWith(US, key, raw);
    }
  }

  private static void idempotentWith(Normalizer normalizer, SchemaKey key, String raw) {
    Normalized once = normalizer.normalize(key, raw, null);
    Normalized wire = normalizer.toWire(key, raw, null);
    if (!once.isValid()) {
      assertThat(once.reason()).as("%s reason", key).isNotBlank();
      if (!(key.isHashed() && Hex.isSha256Hex(Text.strip(raw)))) {
        assertThat(wire).as("%s toWire of a rejected value", key).isEqualTo(once);
      }
      return;
    }
    String value = key == SchemaKey.PHONE ? "+" + once.value() : once.value();
    Normalized twice = normalizer.normalize(key, value, null);
    assertThat(twice).as("%s normalize(normalize(x))", key).isEqualTo(once);
    if (key.isHashed()) {
      assertThat(Hex.isSha256Hex(wire.value())).as("%s toWire is a hash", key).isTrue();
    } else {
      assertThat(wire).as("%s toWire of a clear key", key).isEqualTo(once);
    }
  }

  /**
   * For every key, with and without a default region, and whatever the row's COUNTRY cell holds:
   * {@code normalize} and {@code toWire} return a value or a reason a person can read, and never
   * throw (the other properties only pass no row country).
   */
  static void neverThrows(String raw, String rowCountry) {
    for (SchemaKey key : SchemaKey.values()) {
      for (Normalizer normalizer : new Normalizer[] {STANDARD, US}) {
        reported(key, "normalize", normalizer.normalize(key, raw, rowCountry));
        reported(key, "toWire", normalizer.toWire(key, raw, rowCountry));
      }
    }
  }

  private static void reported(SchemaKey key, String call, Normalized result) {
    if (!result.isValid()) {
      assertThat(result.reason()).as("%s %s reason", key, call).isNotBlank();
    }
  }

  /**
   * For every hashed key: a 64-hex value built from {@code raw}'s bits goes on the wire as its
   * lowercase, whatever its case and surrounding blanks.
   */
  static void hexPassesThrough(String raw) {
    String hex = hexFrom(raw);
    String dressed = " " + mixCase(hex, raw.hashCode()) + "\t";
    for (SchemaKey key : SchemaKey.values()) {
      if (key.isHashed()) {
        assertThat(STANDARD.toWire(key, dressed, raw).value())
            .as("%s toWire of %s", key, dressed)
            .isEqualTo(hex);
      }
    }
  }

  private static String hexFrom(String raw) {
    String hash = dev.matchlist.core.Sha256.hex(raw);
    return hash.toLowerCase(Locale.ROOT);
  }

  private static String mixCase(String hex, int bits) {
    StringBuilder out = new StringBuilder(hex.length());
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      out.append(((bits >>> (i % 32)) & 1) == 1 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }
}
