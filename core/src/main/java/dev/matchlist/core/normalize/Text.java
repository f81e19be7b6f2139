package dev.matchlist.core.normalize;

import java.text.Normalizer.Form;

/** Character tests and foldings shared by the rules. */
final class Text {
  private Text() {}

  /** Whether {@code c} is dropped at the ends of a cell: whitespace, controls, BOM, zero-width. */
  static boolean isEdgeJunk(char c) {
    if (c > ' ' && c < '\u007f') {
      return false; // printable ASCII, what most cells start and end with: one test, not twelve
    }
    return c <= ' '
        || c == '\u007f'
        || c == '\u00a0'
        || c == '\ufeff'
        || (c >= '\u2000' && c <= '\u200f')
        || c == '\u2028'
        || c == '\u2029'
        || c == '\u202f'
        || c == '\u205f'
        || c == '\u3000'
        || c == '\u0085';
  }

  /** {@code s} without {@link #isEdgeJunk} characters at either end. */
  static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isEdgeJunk(s.charAt(start))) {
      start++;
    }
    while (end > start && isEdgeJunk(s.charAt(end - 1))) {
      end--;
    }
    return start == 0 && end == s.length() ? s : s.substring(start, end);
  }

  /** Whether every char of {@code s} is below 0x80. */
  static boolean isAscii(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s} holds a high or low surrogate without its partner: not encodable. */
  static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  static boolean isMark(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
  }

  static String nfc(String s) {
    return java.text.Normalizer.isNormalized(s, Form.NFC)
        ? s
        : java.text.Normalizer.normalize(s, Form.NFC);
  }

  /**
   * Lowercase letters only, Latin diacritics folded to a–z ("São Paulo" → "saopaulo", "Łódź" →
   * "lodz"), letters of other scripts kept with their marks ("Москва" → "москва"). With {@code
   * keepDigits}, decimal digits of any script are kept as ASCII digits.
   */
  static String foldLetters(String raw, boolean keepDigits) {
    if (isAscii(raw)) {
      return asciiLowerLetters(raw, keepDigits);
    }
    String decomposed = java.text.Normalizer.normalize(raw, Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    boolean afterNonLatinLetter = false;
    for (int i = 0; i < decomposed.length(); ) {
      int cp = decomposed.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetter(cp)) {
        int lower = Character.toLowerCase(cp);
        if (Character.UnicodeScript.of(lower) == Character.UnicodeScript.LATIN) {
          appendLatin(out, lower);
          afterNonLatinLetter = false;
        } else {
          out.appendCodePoint(lower);
          afterNonLatinLetter = true;
        }
      } else if (isMark(cp)) {
        // A mark on a Latin letter is a diacritic to fold away; on Devanagari, Thai... it is part
        // of the letter.
        if (afterNonLatinLetter) {
          out.appendCodePoint(cp);
        }
      } else {
        afterNonLatinLetter = false;
        if (keepDigits && Character.isDigit(cp)) {
          out.append((char) ('0' + Character.digit(cp, 10)));
        }
      }
    }
    return nfc(out.toString());
  }

  /**
   * The fast path for ASCII input: lowercase a–z (and 0–9 with {@code keepDigits}), everything else
   * dropped; returns {@code raw} itself when it is already clean (no allocation).
   */
  static String asciiLowerLetters(String raw, boolean keepDigits) {
    StringBuilder out = null;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      boolean keep = (c >= 'a' && c <= 'z') || (keepDigits && c >= '0' && c <= '9');
      if (keep && out == null) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(raw.length()).append(raw, 0, i);
      }
      if (keep) {
        out.append(c);
      } else if (c >= 'A' && c <= 'Z') {
        out.append((char) (c + ('a' - 'A')));
      }
    }
    return out == null ? raw : out.toString();
  }

  /** Latin letters that have no decomposition but an obvious a–z spelling. */
  private static void appendLatin(StringBuilder out, int lower) {
    if (lower < 0x80) {
      out.append((char) lower);
      return;
    }
    switch (lower) {
      case 'ß' -> out.append("ss");
      case 'æ' -> out.append("ae");
      case 'œ' -> out.append("oe");
      case 'ø' -> out.append('o');
      case 'ł' -> out.append('l');
      case 'đ', 'ð' -> out.append('d');
      case 'þ' -> out.append("th");
      case 'ı' -> out.append('i');
      case 'ħ' -> out.append('h');
      case 'ŧ' -> out.append('t');
      case 'ŀ' -> out.append('l');
      default -> out.appendCodePoint(lower);
    }
  }
}
