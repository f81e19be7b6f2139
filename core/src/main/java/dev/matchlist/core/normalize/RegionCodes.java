package dev.matchlist.core.normalize;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Upper-case region codes for libphonenumber, interned so that the phone path allocates none. */
final class RegionCodes {
  private static final Map<String, String> UPPER = upperCodes();

  private RegionCodes() {}

  static String upper(String lowerCode) {
    String upper = UPPER.get(lowerCode);
    return upper != null ? upper : lowerCode.toUpperCase(Locale.ROOT);
  }

  private static Map<String, String> upperCodes() {
    Map<String, String> map = new HashMap<>();
    for (String code : Locale.getISOCountries()) {
      map.put(code.toLowerCase(Locale.ROOT), code);
    }
    return Map.copyOf(map);
  }
}
