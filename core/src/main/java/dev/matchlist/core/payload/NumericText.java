package dev.matchlist.core.payload;

/**
 * Strict checks for numbers sent as text ({@code "0.9"}). {@link Double#parseDouble} alone would
 * also take {@code "NaN"}, {@code "0x1p3"}, {@code "1d"} and surrounding spaces.
 */
final class NumericText {
  private NumericText() {}

  /** JSON-number syntax, plus a bare leading or trailing point ({@code ".5"}, {@code "5."}). */
  static boolean isDecimal(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && s.charAt(i) == '-') {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exponentDigits = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        exponentDigits++;
      }
      if (exponentDigits == 0) {
        return false;
      }
    }
    return i == n;
  }

  /** 1 to 9 ASCII digits: fits an int. */
  static boolean isSmallInteger(String s) {
    int n = s.length();
    if (n == 0 || n > 9) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
