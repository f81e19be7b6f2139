package dev.matchlist.core.normalize;

import org.jspecify.annotations.Nullable;

/**
 * ZIP: postal codes, lowercase, letters and digits only ("M1 1AE" → {@code m11ae}, "K1A 0B1" →
 * {@code k1a0b1}, "01310-100" → {@code 01310100}).
 *
 * <p>US codes (row country US, or any row whose value looks like ZIP+4 {@code 12345-6789}) keep
 * their first five digits. In rows whose country is US, three- and four-digit values are
 * left-padded with zeros ("2134" → {@code 02134}): spreadsheets drop the leading zeros of New
 * England ZIP codes, and no US ZIP code is shorter than five digits. Without a country a short
 * value is left alone, since many countries use four-digit codes.
 */
final class ZipRule {
  static final String NOT_US = "not a US ZIP code";

  private ZipRule() {}

  static Normalized normalize(String raw, @Nullable String country) {
    if ("us".equals(country)) {
      return us(raw);
    }
    if (isZipPlusFour(raw)) {
      return us(raw);
    }
    String folded = Text.foldLetters(raw, true);
    return folded.length() < 2 ? Normalized.rejected("too short") : Normalized.of(folded);
  }

  private static Normalized us(String raw) {
    String s = Text.strip(raw);
    StringBuilder first = new StringBuilder(5);
    int second = 0;
    boolean dash = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isDigit(c)) {
        if (dash) {
          second++;
        } else {
          first.append((char) ('0' + Character.digit(c, 10)));
        }
      } else if (c == '-' && !dash) {
        dash = true;
      } else if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
        return Normalized.rejected(NOT_US);
      }
    }
    int digits = first.length();
    if (dash
        ? (digits < 3 || digits > 5 || second != 4)
        : (digits < 3 || digits > 5) && digits != 9) {
      return Normalized.rejected(NOT_US + " (5 digits, or ZIP+4)");
    }
    if (digits == 9) {
      return Normalized.of(first.substring(0, 5));
    }
    while (first.length() < 5) {
      first.insert(0, '0');
    }
    return Normalized.of(first.toString());
  }

  /** {@code 12345-6789}: unmistakably a US ZIP+4, whatever the row's country says it is. */
  private static boolean isZipPlusFour(String raw) {
    String s = Text.strip(raw);
    if (s.length() != 10 || s.charAt(5) != '-') {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      char c = s.charAt(i);
      if (i != 5 && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }
}
