package dev.matchlist.core.normalize;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * COUNTRY: ISO 3166-1 alpha-2, lowercase. Accepts alpha-2 and alpha-3 codes in any case, English
 * country names, each country's own name in the languages the JDK knows ("Deutschland", "España",
 * "日本"), and a few common aliases (USA, UK, Great Britain, England, Holland...). Names are compared
 * folded: case, accents, spaces and punctuation do not matter.
 *
 * <p>Unknown codes are rejected rather than passed through: a country that matches nothing would
 * only weaken every row it is in.
 */
final class CountryRule {
  static final String UNKNOWN = "unknown country";

  private static final Map<String, String> BY_FOLDED_NAME = namesAndCodes();

  private CountryRule() {}

  static Normalized normalize(String raw) {
    String code = code(raw);
    return code != null ? Normalized.of(code) : Normalized.rejected(UNKNOWN);
  }

  /** The lowercase alpha-2 code {@code raw} names, or null. */
  static @Nullable String code(String raw) {
    String s = Text.strip(raw);
    if (s.length() == 2) {
      char a = s.charAt(0);
      char b = s.charAt(1);
      if (a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z') {
        // The common case, already normalized: no allocation.
        String known = BY_FOLDED_NAME.get(s);
        if (s.equals(known)) {
          return known;
        }
      }
    }
    return BY_FOLDED_NAME.get(Text.foldLetters(s, false));
  }

  private static Map<String, String> namesAndCodes() {
    Map<String, String> map = new HashMap<>();
    String[] codes = Locale.getISOCountries();
    for (String code : codes) {
      Locale country = new Locale.Builder().setRegion(code).build();
      String lower = code.toLowerCase(Locale.ROOT);
      map.put(lower, lower);
      try {
        map.putIfAbsent(country.getISO3Country().toLowerCase(Locale.ROOT), lower);
      } catch (java.util.MissingResourceException e) {
        // no alpha-3 known for this code
      }
    }
    for (String code : codes) {
      String english =
          new Locale.Builder().setRegion(code).build().getDisplayCountry(Locale.ENGLISH);
      putName(map, english, code);
    }
    String[][] aliases = {
      {"usa", "us"},
      {"unitedstatesofamerica", "us"},
      {"america", "us"},
      {"us of a", "us"},
      {"uk", "gb"},
      {"greatbritain", "gb"},
      {"britain", "gb"},
      {"england", "gb"},
      {"scotland", "gb"},
      {"wales", "gb"},
      {"northernireland", "gb"},
      {"unitedkingdomofgreatbritainandnorthernireland", "gb"},
      {"holland", "nl"},
      {"thenetherlands", "nl"},
      {"southkorea", "kr"},
      {"korea", "kr"},
      {"republicofkorea", "kr"},
      {"northkorea", "kp"},
      {"russianfederation", "ru"},
      {"czechrepublic", "cz"},
      {"turkey", "tr"},
      {"turkiye", "tr"},
      {"ivorycoast", "ci"},
      {"uae", "ae"},
      {"vietnam", "vn"},
      {"vatican", "va"},
      {"burma", "mm"},
      {"swaziland", "sz"},
      {"capeverde", "cv"},
      {"macedonia", "mk"},
      {"eastertimor", "tl"},
      {"drc", "cd"},
      {"democraticrepublicofthecongo", "cd"},
      {"republicofthecongo", "cg"},
      {"palestine", "ps"},
      {"taiwan", "tw"},
      {"hongkong", "hk"},
      {"macau", "mo"},
      {"prc", "cn"},
      {"peoplesrepublicofchina", "cn"},
      {"mainlandchina", "cn"},
    };
    for (String[] alias : aliases) {
      map.put(Text.foldLetters(alias[0], false), alias[1]);
    }
    // Countries' own names. A fixed table rather than every JDK locale's display names: those
    // take seconds to load and change between JDK versions, and a normalization must not.
    String[][] ownNames = {
      {"de", "Deutschland"},
      {"at", "Österreich"},
      {"ch", "Schweiz"},
      {"ch", "Suisse"},
      {"ch", "Svizzera"},
      {"es", "España"},
      {"it", "Italia"},
      {"br", "Brasil"},
      {"nl", "Nederland"},
      {"be", "België"},
      {"be", "Belgique"},
      {"pl", "Polska"},
      {"cz", "Česko"},
      {"cz", "Česká republika"},
      {"sk", "Slovensko"},
      {"hu", "Magyarország"},
      {"ro", "România"},
      {"bg", "България"},
      {"gr", "Ελλάδα"},
      {"gr", "Hellas"},
      {"tr", "Türkiye"},
      {"ru", "Россия"},
      {"ua", "Україна"},
      {"by", "Беларусь"},
      {"se", "Sverige"},
      {"no", "Norge"},
      {"dk", "Danmark"},
      {"fi", "Suomi"},
      {"is", "Ísland"},
      {"ie", "Éire"},
      {"hr", "Hrvatska"},
      {"rs", "Srbija"},
      {"rs", "Србија"},
      {"si", "Slovenija"},
      {"lt", "Lietuva"},
      {"lv", "Latvija"},
      {"ee", "Eesti"},
      {"jp", "日本"},
      {"jp", "Nippon"},
      {"jp", "Nihon"},
      {"cn", "中国"},
      {"cn", "中國"},
      {"tw", "台灣"},
      {"tw", "台湾"},
      {"hk", "香港"},
      {"kr", "대한민국"},
      {"kr", "한국"},
      {"in", "भारत"},
      {"in", "Bharat"},
      {"sa", "السعودية"},
      {"ae", "الإمارات"},
      {"eg", "مصر"},
      {"il", "ישראל"},
      {"ir", "ایران"},
      {"th", "ประเทศไทย"},
      {"ph", "Pilipinas"},
      {"za", "Suid-Afrika"},
      {"mx", "México"},
      {"pe", "Perú"},
      {"vn", "Việt Nam"},
    };
    for (String[] own : ownNames) {
      putName(map, own[1], own[0]);
    }
    return Map.copyOf(map);
  }

  private static void putName(Map<String, String> map, String name, String code) {
    String folded = Text.foldLetters(name, false);
    if (!folded.isEmpty()) {
      map.putIfAbsent(folded, code.toLowerCase(Locale.ROOT));
    }
  }
}
