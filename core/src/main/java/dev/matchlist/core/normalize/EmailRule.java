package dev.matchlist.core.normalize;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * EMAIL: trimmed, lowercased, leading and trailing dots dropped; then it must look like an address
 * (one {@code @}, a local part, a dotted domain, no spaces). Unicode addresses are kept (NFC).
 * Gmail dots are not removed: Meta does not remove them either, so removing them would miss.
 *
 * <p>The ASCII path does one pass over the characters and allocates only when the value changes (it
 * is on the upload hot path: ~3 M rows/s per core together with SHA-256).
 */
final class EmailRule {
  static final String NOT_AN_ADDRESS = "not an email address";

  private EmailRule() {}

  static Normalized normalize(String raw) {
    int start = 0;
    int end = raw.length();
    while (start < end && isEdge(raw.charAt(start))) {
      start++;
    }
    while (end > start && isEdge(raw.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      return Normalizer.EMPTY;
    }
    // One pass for what a plain ASCII address has: letters to lowercase, one '@' after something,
    // a dot after it, no doubled dot after it, no blank or control; problem() names what is wrong.
    boolean upper = false;
    boolean plain = true;
    int at = -1;
    boolean dotAfterAt = false;
    for (int i = start; i < end; i++) {
      char c = raw.charAt(i);
      if (c >= 0x80) {
        return normalizeUnicode(raw.substring(start, end));
      }
      if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c == '.') {
        plain &= at < 0 || raw.charAt(i - 1) != '.'; // i > at: the char before is in the value
        dotAfterAt |= at >= 0;
      } else if (c == '@') {
        plain &= at < 0 && i > start && i + 1 < end && raw.charAt(i + 1) != '.';
        at = i;
      } else if (c <= ' ' || c == '\u007f') {
        plain = false;
      }
    }
    if (!plain || !dotAfterAt) {
      String reason = problem(raw, start, end);
      if (reason != null) {
        return Normalized.rejected(reason);
      }
    }
    if (!upper) {
      return Normalized.of(start == 0 && end == raw.length() ? raw : raw.substring(start, end));
    }
    char[] out = new char[end - start];
    for (int i = start; i < end; i++) {
      char c = raw.charAt(i);
      out[i - start] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return Normalized.of(new String(out));
  }

  private static Normalized normalizeUnicode(String trimmed) {
    if (Text.hasUnpairedSurrogate(trimmed)) {
      return Normalized.rejected(NOT_AN_ADDRESS + ": broken Unicode");
    }
    String value = Text.nfc(trimmed.toLowerCase(Locale.ROOT));
    // Lowercasing and composing never create edge characters, but they may change the length.
    String reason = problem(value, 0, value.length());
    return reason == null ? Normalized.of(value) : Normalized.rejected(reason);
  }

  /** Why {@code s[start..end)} is not an address, or null when it is one. */
  static @Nullable String problem(String s, int start, int end) {
    int at = -1;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c == '@') {
        if (at >= 0) {
          return NOT_AN_ADDRESS + ": more than one @";
        }
        at = i;
      } else if (c <= ' '
          || c == '\u007f'
          || (c >= 0x80 && (Character.isWhitespace(c) || Character.isSpaceChar(c)))
          || (c >= 0x80 && Character.getType(c) == Character.CONTROL)) {
        return NOT_AN_ADDRESS + ": contains spaces or control characters";
      }
    }
    if (at < 0) {
      return NOT_AN_ADDRESS + ": no @";
    }
    if (at == start) {
      return NOT_AN_ADDRESS + ": nothing before @";
    }
    int dot = s.indexOf('.', at + 1);
    if (dot < 0 || dot >= end) {
      return NOT_AN_ADDRESS + ": domain has no dot";
    }
    if (s.charAt(at + 1) == '.') {
      return NOT_AN_ADDRESS + ": domain starts with a dot";
    }
    for (int i = dot; i < end - 1; i++) {
      if (s.charAt(i) == '.' && s.charAt(i + 1) == '.') {
        return NOT_AN_ADDRESS + ": empty domain label";
      }
    }
    return null;
  }

  /** Trimmed at both ends: whitespace, controls and dots (the Python and PHP SDKs drop dots). */
  private static boolean isEdge(char c) {
    return c == '.' || Text.isEdgeJunk(c);
  }
}
