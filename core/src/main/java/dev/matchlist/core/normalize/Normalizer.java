package dev.matchlist.core.normalize;

import dev.matchlist.core.Hex;
import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.Sha256;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Normalizes raw customer data key by key, the way the Marketing API wants it before hashing.
 * Immutable and thread-safe. The rules, and why each was chosen where the SDKs disagree, are in
 * {@code docs/normalization.md}; {@code testdata/normalization-golden-v1.tsv} pins them.
 *
 * <pre>{@code
 * Normalizer normalizer = Normalizer.builder().defaultRegion("US").build();
 * normalizer.normalize(SchemaKey.EMAIL, " Mary@Example.com ").value(); // "mary@example.com"
 * normalizer.toWire(SchemaKey.EMAIL, "mary@example.com", null).value(); // "f1904cf1..."
 * normalizer.toWire(SchemaKey.PHONE, "(555) 987-6543", null).value(); // sha256("15559876543")
 * }</pre>
 *
 * <p>Bad input never throws: it comes back as {@link Normalized#rejected} with a reason a person
 * can act on. The row's COUNTRY matters to PHONE (the region of national numbers), ZIP (US ZIP
 * codes) and ST (US and Canadian state names); pass it raw, as in the file.
 */
public final class Normalizer {
  static final Normalized EMPTY = Normalized.rejected("empty");

  private final @Nullable String defaultRegion;
  private final @Nullable String defaultCountry;

  private Normalizer(Builder builder) {
    this.defaultRegion = builder.defaultRegion;
    this.defaultCountry =
        builder.defaultRegion == null ? null : builder.defaultRegion.toLowerCase(Locale.ROOT);
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
   * @param rowCountry the row's COUNTRY cell, raw, if the row has one: it sets the phone region and
   *     decides the ZIP and ST rules; when it is blank or not a country, the default region stands
   *     in
   */
  public Normalized normalize(SchemaKey key, String raw, @Nullable String rowCountry) {
    if (isBlank(raw)) {
      return EMPTY;
    }
    return switch (key) {
      case EMAIL -> EmailRule.normalize(raw);
      case PHONE -> PhoneRule.normalize(raw, region(rowCountry));
      case FN, LN -> NameRule.name(raw);
      case FI -> NameRule.initial(raw);
      case F5FIRST, F5LAST -> NameRule.firstFive(raw);
      case CT -> CityRule.normalize(raw);
      case ST -> StateRule.normalize(raw, country(rowCountry));
      case ZIP -> ZipRule.normalize(raw, country(rowCountry));
      case COUNTRY -> CountryRule.normalize(raw);
      case DOBY -> DateOfBirthRule.normalize(raw, DateOfBirthRule.Part.YEAR);
      case DOBM -> DateOfBirthRule.normalize(raw, DateOfBirthRule.Part.MONTH);
      case DOBD -> DateOfBirthRule.normalize(raw, DateOfBirthRule.Part.DAY);
      case GEN -> GenderRule.normalize(raw);
      case MADID -> IdRules.madid(raw);
      case EXTERN_ID -> IdRules.externId(raw);
      case APPUID, PAGEUID -> IdRules.numericId(raw);
      case LOOKALIKE_VALUE -> ValueRules.lookalikeValue(raw);
      case DATA_PROCESSING_OPTIONS -> ValueRules.dataProcessingOptions(raw);
      case DATA_PROCESSING_OPTIONS_COUNTRY -> ValueRules.dataProcessingCountry(raw);
      case DATA_PROCESSING_OPTIONS_STATE -> ValueRules.dataProcessingState(raw);
    };
  }

  /**
   * What goes on the wire for {@code raw}: normalized then SHA-256 hex for hashed keys (a value
   * that is already 64 hex characters passes through lowercased, never normalized nor hashed
   * twice), normalized for clear keys.
   */
  public Normalized toWire(SchemaKey key, String raw, @Nullable String rowCountry) {
    if (!key.isHashed()) {
      return normalize(key, raw, rowCountry);
    }
    String hash = alreadyHashed(raw);
    if (hash != null) {
      return Normalized.of(hash);
    }
    Normalized normalized = normalize(key, raw, rowCountry);
    return normalized.isValid() ? Normalized.of(Sha256.hex(normalized.value())) : normalized;
  }

  /** The phone region used when a row has no COUNTRY, or null. */
  public @Nullable String defaultRegion() {
    return defaultRegion;
  }

  /** {@code raw} lowercased when it is a SHA-256 hex already (surrounding blanks aside). */
  private static @Nullable String alreadyHashed(String raw) {
    String s = raw;
    if (s.length() != Hex.SHA256_HEX_LENGTH) {
      if (s.length() < Hex.SHA256_HEX_LENGTH) {
        return null;
      }
      s = Text.strip(raw);
    }
    if (!Hex.isSha256Hex(s)) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 'A' && s.charAt(i) <= 'F') {
        return s.toLowerCase(Locale.ROOT);
      }
    }
    return s;
  }

  /** The lowercase alpha-2 country of the row, else of the default region, else null. */
  private @Nullable String country(@Nullable String rowCountry) {
    if (rowCountry != null && !isBlank(rowCountry)) {
      String code = CountryRule.code(rowCountry);
      if (code != null) {
        return code;
      }
    }
    return defaultCountry;
  }

  private @Nullable String region(@Nullable String rowCountry) {
    if (rowCountry != null && !isBlank(rowCountry)) {
      String code = CountryRule.code(rowCountry);
      if (code != null) {
        return RegionCodes.upper(code);
      }
    }
    return defaultRegion;
  }

  private static boolean isBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!Text.isEdgeJunk(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Options of a {@link Normalizer}. */
  public static final class Builder {
    private @Nullable String defaultRegion;

    private Builder() {}

    /**
     * Region for phones without a country code, and the country of rows without COUNTRY (it then
     * also decides the ZIP and ST rules). Anything COUNTRY accepts: "US", "us", "USA", "Germany".
     *
     * @throws IllegalArgumentException when {@code region} names no country
     */
    public Builder defaultRegion(@Nullable String region) {
      if (region == null) {
        this.defaultRegion = null;
        return this;
      }
      String code = CountryRule.code(region);
      if (code == null) {
        throw new IllegalArgumentException("not a country: " + region);
      }
      this.defaultRegion = RegionCodes.upper(code);
      return this;
    }

    public Normalizer build() {
      return new Normalizer(this);
    }
  }
}
