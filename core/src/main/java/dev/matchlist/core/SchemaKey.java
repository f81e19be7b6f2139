package dev.matchlist.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every column key a customer-file {@code payload.schema} may name, with the traits that decide how
 * a cell of that column is prepared, validated and matched.
 *
 * <p>Legacy single-key names ({@code EMAIL_SHA256}, {@code PHONE_SHA256}, {@code
 * MOBILE_ADVERTISER_ID}, {@code UID}) are accepted as aliases by {@link #fromWireName(String)} and
 * resolve to the multi-key constant they mean. Look-ups are case-sensitive, as on the wire.
 */
public enum SchemaKey {
  EXTERN_ID(CellKind.CLEAR_ID, Strength.STRONG),
  EMAIL(CellKind.HASH, Strength.STRONG, "EMAIL_SHA256"),
  PHONE(CellKind.HASH, Strength.STRONG, "PHONE_SHA256"),
  GEN(CellKind.HASH, Strength.PART),
  DOBY(CellKind.HASH, Strength.PART),
  DOBM(CellKind.HASH, Strength.PART),
  DOBD(CellKind.HASH, Strength.PART),
  LN(CellKind.HASH, Strength.PART),
  FN(CellKind.HASH, Strength.PART),
  FI(CellKind.HASH, Strength.PART),
  /** Hash of the first five letters of the first name (sent by Meta's own uploader). */
  F5FIRST(CellKind.HASH, Strength.PART),
  /** Hash of the first five letters of the last name. */
  F5LAST(CellKind.HASH, Strength.PART),
  CT(CellKind.HASH, Strength.PART),
  ST(CellKind.HASH, Strength.PART),
  ZIP(CellKind.HASH, Strength.PART),
  COUNTRY(CellKind.HASH, Strength.PART),
  MADID(CellKind.CLEAR_ID, Strength.STRONG, "MOBILE_ADVERTISER_ID"),
  /** App-scoped user id; needs {@code payload.app_ids}. */
  APPUID(CellKind.CLEAR_ID, Strength.STRONG, "UID"),
  /** Page-scoped user id; needs {@code payload.page_ids}. */
  PAGEUID(CellKind.CLEAR_ID, Strength.STRONG),
  /** Customer value for value-based audiences: a non-negative number, never hashed. */
  LOOKALIKE_VALUE(CellKind.NUMBER, Strength.NONE),
  /** Limited Data Use flags: an array cell, {@code []} or {@code ["LDU"]}. */
  DATA_PROCESSING_OPTIONS(CellKind.OPTIONS, Strength.NONE),
  /** 1 = United States, 0 = geolocate. */
  DATA_PROCESSING_OPTIONS_COUNTRY(CellKind.INTEGER, Strength.NONE),
  /** 1000 = California, 0 = geolocate. */
  DATA_PROCESSING_OPTIONS_STATE(CellKind.INTEGER, Strength.NONE);

  /** How a cell of the column travels on the wire. */
  public enum CellKind {
    /** SHA-256 of the normalized value, 64 lowercase hex characters. */
    HASH,
    /** An identifier sent in the clear (normalized, never hashed by the advertiser). */
    CLEAR_ID,
    /** A JSON number or numeric string. */
    NUMBER,
    /** A JSON integer or integer string. */
    INTEGER,
    /** A JSON array of strings. */
    OPTIONS
  }

  /** What a value of the column can do for matching on its own. */
  public enum Strength {
    /** Identifies a person alone (email, phone, device id, user ids). */
    STRONG,
    /** Identifies a person only in combination with other keys (names, zip, birth date...). */
    PART,
    /** Carries no identity (values, data-processing options). */
    NONE
  }

  private static final Map<String, SchemaKey> BY_WIRE_NAME =
      Collections.unmodifiableMap(
          Arrays.stream(values())
              .flatMap(
                  k ->
                      Stream.concat(Stream.of(k.name()), k.aliases.stream())
                          .map(n -> Map.entry(n, k)))
              .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));

  private final CellKind cellKind;
  private final Strength strength;
  private final List<String> aliases;

  SchemaKey(CellKind cellKind, Strength strength, String... aliases) {
    this.cellKind = cellKind;
    this.strength = strength;
    this.aliases = List.of(aliases);
  }

  public CellKind cellKind() {
    return cellKind;
  }

  public Strength strength() {
    return strength;
  }

  /** Whether advertisers send this column as SHA-256 hex (true) or in the clear. */
  public boolean isHashed() {
    return cellKind == CellKind.HASH;
  }

  /** Whether a cell of this column names a person (hashed or clear), rather than a value. */
  public boolean isIdentifier() {
    return cellKind == CellKind.HASH || cellKind == CellKind.CLEAR_ID;
  }

  /** Legacy names that resolve to this key, e.g. {@code EMAIL_SHA256} for {@link #EMAIL}. */
  public List<String> aliases() {
    return aliases;
  }

  /** The key a wire name means, legacy aliases included; empty when the name is unknown. */
  public static Optional<SchemaKey> fromWireName(String name) {
    return Optional.ofNullable(BY_WIRE_NAME.get(name));
  }

  /** Every accepted wire name, for error messages ("it should be one of ..."). */
  public static String acceptedNames() {
    return Arrays.stream(values())
        .flatMap(k -> Stream.concat(Stream.of(k.name()), k.aliases.stream()))
        .collect(Collectors.joining(","));
  }

  /**
   * Case-insensitive look-up for human input (CSV headers, CLI flags); wire parsing stays exact.
   */
  public static Optional<SchemaKey> fromLenientName(String name) {
    return fromWireName(name.trim().toUpperCase(Locale.ROOT));
  }
}
