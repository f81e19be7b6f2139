package dev.matchlist.core.normalize;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** The columns that carry values, not people: LOOKALIKE_VALUE and the data-processing options. */
final class ValueRules {
  /** Customer values above this are typos (or cents in the wrong column), not values. */
  private static final BigDecimal MAX_VALUE = new BigDecimal("1e15");

  private static final int MAX_DECIMALS = 6;

  private ValueRules() {}

  /**
   * LOOKALIKE_VALUE: a non-negative decimal number in plain canonical text: no exponent, no
   * trailing zeros, at most six decimals (rounded half-even): "44.50" → {@code 44.5}, "1.4e2" →
   * {@code 140}, ".9" → {@code 0.9}. Negative numbers, NaN, infinity and grouping commas are
   * rejected.
   */
  static Normalized lookalikeValue(String raw) {
    String s = Text.strip(raw);
    if (s.length() > 64) {
      return Normalized.rejected("not a number");
    }
    BigDecimal value;
    try {
      value = new BigDecimal(s);
    } catch (NumberFormatException e) {
      return Normalized.rejected("not a number");
    }
    if (value.signum() < 0) {
      return Normalized.rejected("negative value");
    }
    if (value.compareTo(MAX_VALUE) >= 0) {
      return Normalized.rejected("value too large");
    }
    if (value.scale() > 64) {
      // Smaller than 1e-58: it would round to zero anyway, without a huge rescale.
      return Normalized.of("0");
    }
    if (value.scale() > MAX_DECIMALS) {
      value = value.setScale(MAX_DECIMALS, RoundingMode.HALF_EVEN);
    }
    if (value.signum() == 0) {
      return Normalized.of("0");
    }
    return Normalized.of(value.stripTrailingZeros().toPlainString());
  }

  /**
   * DATA_PROCESSING_OPTIONS: the cell's JSON array text, {@code ["LDU"]} or {@code []}. Accepts
   * {@code LDU} in any case, with or without brackets and quotes, and {@code []}.
   */
  static Normalized dataProcessingOptions(String raw) {
    String s = Text.strip(raw);
    StringBuilder letters = new StringBuilder(3);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '[' || c == ']' || c == '"' || c == '\'' || Character.isWhitespace(c)) {
        continue;
      }
      letters.append(c);
    }
    if (letters.length() == 0 && s.startsWith("[") && s.endsWith("]")) {
      return Normalized.of("[]");
    }
    return letters.toString().toUpperCase(Locale.ROOT).equals("LDU")
        ? Normalized.of("[\"LDU\"]")
        : Normalized.rejected("data processing option must be LDU or []");
  }

  /** DATA_PROCESSING_OPTIONS_COUNTRY: {@code 1} (United States) or {@code 0} (geolocate). */
  static Normalized dataProcessingCountry(String raw) {
    int n = smallInteger(Text.strip(raw));
    return n == 0 || n == 1
        ? Normalized.of(Integer.toString(n))
        : Normalized.rejected("data processing country must be 0 or 1");
  }

  /** DATA_PROCESSING_OPTIONS_STATE: {@code 1000} (California), 1001–1013, or {@code 0}. */
  static Normalized dataProcessingState(String raw) {
    int n = smallInteger(Text.strip(raw));
    return n == 0 || (n >= 1000 && n <= 1013)
        ? Normalized.of(Integer.toString(n))
        : Normalized.rejected("data processing state must be 0 or 1000-1013");
  }

  /** A short run of ASCII digits as an int, or -1. */
  private static int smallInteger(String s) {
    if (s.isEmpty() || s.length() > 6) {
      return -1;
    }
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
