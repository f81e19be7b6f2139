package dev.matchlist.core.normalize;

/**
 * Identifiers sent in the clear: MADID, EXTERN_ID, APPUID and PAGEUID. None of them is ever hashed
 * here (the Python SDK once hashed MADIDs by default, which made them match nothing).
 */
final class IdRules {
  private static final String ZERO_MADID = "00000000-0000-0000-0000-000000000000";

  private IdRules() {}

  /**
   * MADID: an Apple IDFA or Google advertising id, UUID-shaped {@code 8-4-4-4-12} hex, lowercase,
   * hyphens kept. 32 hex digits without hyphens get them inserted. The all-zero id (what a phone
   * reports when ad tracking is limited) is rejected: it would match every such phone at once.
   */
  static Normalized madid(String raw) {
    String s = Text.strip(raw);
    char[] out;
    if (s.length() == 36) {
      out = new char[36];
      for (int i = 0; i < 36; i++) {
        char c = s.charAt(i);
        boolean hyphenPlace = i == 8 || i == 13 || i == 18 || i == 23;
        if (hyphenPlace ? c != '-' : !isHex(c)) {
          return Normalized.rejected("not a device id (8-4-4-4-12 hex)");
        }
        out[i] = lower(c);
      }
    } else if (s.length() == 32) {
      out = new char[36];
      int o = 0;
      for (int i = 0; i < 32; i++) {
        if (i == 8 || i == 12 || i == 16 || i == 20) {
          out[o++] = '-';
        }
        char c = s.charAt(i);
        if (!isHex(c)) {
          return Normalized.rejected("not a device id (8-4-4-4-12 hex)");
        }
        out[o++] = lower(c);
      }
    } else {
      return Normalized.rejected("not a device id (8-4-4-4-12 hex)");
    }
    String id = new String(out);
    return id.equals(ZERO_MADID)
        ? Normalized.rejected("all-zero device id (ad tracking limited)")
        : Normalized.of(id);
  }

  /** EXTERN_ID: the advertiser's own id, trimmed, otherwise as given (it may be a hash). */
  static Normalized externId(String raw) {
    String s = Text.strip(raw);
    if (Text.hasUnpairedSurrogate(s)) {
      return Normalized.rejected("broken Unicode");
    }
    return s.isEmpty() ? Normalizer.EMPTY : Normalized.of(s);
  }

  /** APPUID, PAGEUID: app- or page-scoped user ids, decimal digits. */
  static Normalized numericId(String raw) {
    String s = Text.strip(raw);
    if (s.isEmpty() || s.length() > 30) {
      return Normalized.rejected("not a numeric id");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return Normalized.rejected("not a numeric id");
      }
    }
    return Normalized.of(s);
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'F' ? (char) (c + ('a' - 'A')) : c;
  }
}
