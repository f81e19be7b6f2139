package dev.matchlist.core.normalize;

import java.util.Map;

/**
 * GEN: {@code m} or {@code f}, from the usual words in English and a few other languages (male,
 * man, m, female, woman, f, Mann, weiblich, homme, femme, hombre, mujer...). Anything else is
 * rejected rather than guessed: a wrong gender makes a row match nobody.
 */
final class GenderRule {
  private static final Map<String, String> BY_WORD = words();

  private GenderRule() {}

  static Normalized normalize(String raw) {
    String gender = BY_WORD.get(Text.foldLetters(raw, false));
    return gender != null ? Normalized.of(gender) : Normalized.rejected("not m or f");
  }

  private static Map<String, String> words() {
    String[] male = {
      "m",
      "male",
      "man",
      "boy",
      "masculine",
      "mr",
      "h",
      "homme",
      "masculin",
      "hombre",
      "masculino",
      "mann",
      "mannlich",
      "maschio",
      "uomo",
      "maschile"
    };
    String[] female = {
      "f",
      "female",
      "woman",
      "girl",
      "feminine",
      "w",
      "mrs",
      "ms",
      "miss",
      "femme",
      "feminin",
      "mujer",
      "femenino",
      "feminino",
      "frau",
      "weiblich",
      "femmina",
      "donna",
      "femminile"
    };
    java.util.HashMap<String, String> map = new java.util.HashMap<>();
    for (String word : male) {
      map.put(word, "m");
    }
    for (String word : female) {
      map.put(word, "f");
    }
    return Map.copyOf(map);
  }
}
