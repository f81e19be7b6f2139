package dev.matchlist.core.normalize;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * ST: a US state or Canadian province (full name in English or French, any case, spaces and
 * punctuation ignored) becomes its two-letter postal code, lowercase: "California" → {@code ca},
 * "Québec" → {@code qc}. Two-letter codes pass. Anything else is lowercase letters only, accents
 * folded, as for CT.
 *
 * <p>The name mapping applies when the row's country is the US, Canada, or unknown; in a row of
 * another country "Georgia" stays {@code georgia}.
 */
final class StateRule {
  private static final Map<String, String> CODE_BY_NAME = codesByName();

  private StateRule() {}

  static Normalized normalize(String raw, @Nullable String country) {
    String folded = Text.foldLetters(raw, false);
    if (folded.isEmpty()) {
      return Normalized.rejected("no letters");
    }
    if (country == null || country.equals("us") || country.equals("ca")) {
      String code = CODE_BY_NAME.get(folded);
      if (code != null) {
        return Normalized.of(code);
      }
    }
    return Normalized.of(folded);
  }

  private static Map<String, String> codesByName() {
    String[][] pairs = {
      {"Alabama", "al"},
      {"Alaska", "ak"},
      {"Arizona", "az"},
      {"Arkansas", "ar"},
      {"California", "ca"},
      {"Colorado", "co"},
      {"Connecticut", "ct"},
      {"Delaware", "de"},
      {"District of Columbia", "dc"},
      {"Washington DC", "dc"},
      {"Washington D.C.", "dc"},
      {"Florida", "fl"},
      {"Georgia", "ga"},
      {"Hawaii", "hi"},
      {"Idaho", "id"},
      {"Illinois", "il"},
      {"Indiana", "in"},
      {"Iowa", "ia"},
      {"Kansas", "ks"},
      {"Kentucky", "ky"},
      {"Louisiana", "la"},
      {"Maine", "me"},
      {"Maryland", "md"},
      {"Massachusetts", "ma"},
      {"Michigan", "mi"},
      {"Minnesota", "mn"},
      {"Mississippi", "ms"},
      {"Missouri", "mo"},
      {"Montana", "mt"},
      {"Nebraska", "ne"},
      {"Nevada", "nv"},
      {"New Hampshire", "nh"},
      {"New Jersey", "nj"},
      {"New Mexico", "nm"},
      {"New York", "ny"},
      {"North Carolina", "nc"},
      {"North Dakota", "nd"},
      {"Ohio", "oh"},
      {"Oklahoma", "ok"},
      {"Oregon", "or"},
      {"Pennsylvania", "pa"},
      {"Rhode Island", "ri"},
      {"South Carolina", "sc"},
      {"South Dakota", "sd"},
      {"Tennessee", "tn"},
      {"Texas", "tx"},
      {"Utah", "ut"},
      {"Vermont", "vt"},
      {"Virginia", "va"},
      {"Washington", "wa"},
      {"West Virginia", "wv"},
      {"Wisconsin", "wi"},
      {"Wyoming", "wy"},
      {"Puerto Rico", "pr"},
      {"Guam", "gu"},
      {"US Virgin Islands", "vi"},
      {"U.S. Virgin Islands", "vi"},
      {"Virgin Islands", "vi"},
      {"American Samoa", "as"},
      {"Northern Mariana Islands", "mp"},
      // Canada, in English and French.
      {"Alberta", "ab"},
      {"British Columbia", "bc"},
      {"Colombie-Britannique", "bc"},
      {"Manitoba", "mb"},
      {"New Brunswick", "nb"},
      {"Nouveau-Brunswick", "nb"},
      {"Newfoundland and Labrador", "nl"},
      {"Newfoundland", "nl"},
      {"Terre-Neuve-et-Labrador", "nl"},
      {"Nova Scotia", "ns"},
      {"Nouvelle-Écosse", "ns"},
      {"Northwest Territories", "nt"},
      {"Territoires du Nord-Ouest", "nt"},
      {"Nunavut", "nu"},
      {"Ontario", "on"},
      {"Prince Edward Island", "pe"},
      {"Île-du-Prince-Édouard", "pe"},
      {"Quebec", "qc"},
      {"Saskatchewan", "sk"},
      {"Yukon", "yt"},
      {"Yukon Territory", "yt"},
    };
    Map<String, String> map = new HashMap<>();
    for (String[] pair : pairs) {
      map.put(Text.foldLetters(pair[0], false), pair[1]);
    }
    return Map.copyOf(map);
  }
}
