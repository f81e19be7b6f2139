package dev.matchlist.core.normalize;

/**
 * CT: lowercase letters only, no spaces or punctuation; Latin accents folded to a–z ("São Paulo" →
 * {@code saopaulo}, because Meta asks for a–z and its own tools drop what is not a–z), letters of
 * other scripts kept ("Москва" → {@code москва}, rather than dropping the whole city).
 */
final class CityRule {
  private CityRule() {}

  static Normalized normalize(String raw) {
    String folded = Text.foldLetters(raw, false);
    return folded.isEmpty() ? Normalized.rejected("no letters") : Normalized.of(folded);
  }
}
