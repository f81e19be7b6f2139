package dev.matchlist.core.normalize;

import java.util.Locale;

/**
 * FN, LN and their derivatives FI, F5FIRST, F5LAST: Unicode letters only, lowercase, NFC.
 *
 * <p>Accents and non-Latin scripts are kept (Éloïse → {@code éloïse}, 王芳 → {@code 王芳}): Meta
 * accepts UTF-8 names, and the Python SDK's a–z-only rule is a known cause of mismatches. Marks
 * that belong to a letter (Devanagari vowel signs, combining accents) stay; digits, punctuation,
 * spaces and joiners go ("Mary-Ann O'Neil" → {@code maryann}, {@code oneil}).
 */
final class NameRule {
  static final String NO_LETTERS = "no letters";

  private NameRule() {}

  static Normalized name(String raw) {
    String letters = letters(raw);
    return letters.isEmpty() ? Normalized.rejected(NO_LETTERS) : Normalized.of(letters);
  }

  /** FI: the first letter (code point) of the normalized first name. */
  static Normalized initial(String raw) {
    return prefix(raw, 1);
  }

  /** F5FIRST, F5LAST: the first five letters (code points) of the normalized name. */
  static Normalized firstFive(String raw) {
    return prefix(raw, 5);
  }

  private static Normalized prefix(String raw, int codePoints) {
    String letters = letters(raw);
    if (letters.isEmpty()) {
      return Normalized.rejected(NO_LETTERS);
    }
    int count = letters.codePointCount(0, letters.length());
    return Normalized.of(
        count <= codePoints
            ? letters
            : letters.substring(0, letters.offsetByCodePoints(0, codePoints)));
  }

  static String letters(String raw) {
    if (Text.isAscii(raw)) {
      return Text.asciiLowerLetters(raw, false);
    }
    StringBuilder kept = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); ) {
      int cp = raw.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetter(cp) || (kept.length() > 0 && Text.isMark(cp))) {
        kept.appendCodePoint(cp);
      }
    }
    // Lowercase after filtering, so that a final sigma is judged on the name itself.
    return Text.nfc(kept.toString().toLowerCase(Locale.ROOT));
  }
}
