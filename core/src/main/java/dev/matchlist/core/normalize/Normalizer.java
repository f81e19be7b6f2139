package dev.matchlist.core.normalize;

import dev.matchlist.core.SchemaKey;
import org.jspecify.annotations.Nullable;

/**
 * Normalizes raw customer data key by key, the way the Marketing API wants it before hashing.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * Normalizer normalizer = Normalizer.builder().defaultRegion("US").build();
 * normalizer.normalize(SchemaKey.EMAIL, " Mary@Example.com ").value(); // "mary@example.com"
 * normalizer.toWire(SchemaKey.EMAIL, "mary@example.com", null).value(); // "f1904cf1..."
 * }</pre>
 *
 * <p>PLACEHOLDER: the per-key rules are being written; only trimming happens here so far.
 */
public final class Normalizer {
  private final @Nullable String defaultRegion;

  private Normalizer(Builder builder) {
    this.defaultRegion = builder.defaultRegion;
  }

  /** A normalizer with no default phone region: phones must then carry their country code. */
  public static Normalizer standard() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Normalizes {@code raw} for {@code key}; the default region applies to phones. */
  public Normalized normalize(SchemaKey key, String raw) {
    return normalize(key, raw, null);
  }

  /**
   * Normalizes {@code raw} for {@code key}.
   *
   * @param rowCountry the row's COUNTRY cell, raw, if the row has one: it sets the phone region
   */
  public Normalized normalize(SchemaKey key, String raw, @Nullable String rowCountry) {
    String trimmed = raw.strip();
    return trimmed.isEmpty() ? Normalized.rejected("empty") : Normalized.of(trimmed);
  }

  /**
   * What goes on the wire for {@code raw}: normalized then SHA-256 hex for hashed keys (a value
   * that is already 64 hex characters passes through lowercased), normalized for clear keys.
   */
  public Normalized toWire(SchemaKey key, String raw, @Nullable String rowCountry) {
    return normalize(key, raw, rowCountry);
  }

  /** The phone region used when a row has no COUNTRY, or null. */
  public @Nullable String defaultRegion() {
    return defaultRegion;
  }

  /** Options of a {@link Normalizer}. */
  public static final class Builder {
    private @Nullable String defaultRegion;

    private Builder() {}

    /** ISO 3166-1 alpha-2 region for phones without a country code and rows without COUNTRY. */
    public Builder defaultRegion(@Nullable String region) {
      this.defaultRegion = region;
      return this;
    }

    public Normalizer build() {
      return new Normalizer(this);
    }
  }
}
