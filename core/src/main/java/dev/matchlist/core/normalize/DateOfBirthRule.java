package dev.matchlist.core.normalize;

import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * DOBY ({@code YYYY}, 1900 to this year), DOBM ({@code 01}–{@code 12}) and DOBD ({@code 01}– {@code
 * 31}). Each accepts its own part ("1990"; "3", "03", "March", "mar."; "7") or a whole date, from
 * which it takes its part, so one {@code dob} column can feed all three.
 *
 * <p>Whole dates: {@code 1990-05-17} (also with {@code /} or {@code .}, or {@code 19900517}),
 * optionally followed by a time; {@code 05/17/1990} and {@code 05-17-1990} are month first (the US
 * order) unless the first number cannot be a month; {@code 17.05.1990} is day first (the European
 * order) unless the second number cannot be a month; month names in English ("17 May 1990", "May
 * 17, 1990"). The year of a whole date must have four digits, and the date must exist.
 */
final class DateOfBirthRule {
  static final String NOT_A_DATE = "not a date";
  private static final int FIRST_YEAR = 1900;
  private static final String[] MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december"
  };

  /** Which part a column wants. */
  enum Part {
    YEAR,
    MONTH,
    DAY
  }

  private DateOfBirthRule() {}

  static Normalized normalize(String raw, Part part) {
    String s = Text.strip(raw);
    List<String> tokens = tokens(s);
    if (tokens.isEmpty()) {
      return Normalized.rejected(NOT_A_DATE);
    }
    if (tokens.size() == 1 && !isWholeDateToken(tokens.get(0))) {
      return single(tokens.get(0), part);
    }
    int[] ymd = wholeDate(s, tokens);
    if (ymd == null) {
      return Normalized.rejected(NOT_A_DATE);
    }
    String yearProblem = yearProblem(ymd[0]);
    if (yearProblem != null) {
      return Normalized.rejected(yearProblem);
    }
    if (ymd[1] < 1
        || ymd[1] > 12
        || ymd[2] < 1
        || ymd[2] > YearMonth.of(ymd[0], ymd[1]).lengthOfMonth()) {
      return Normalized.rejected(NOT_A_DATE + ": no such day");
    }
    return switch (part) {
      case YEAR -> Normalized.of(Integer.toString(ymd[0]));
      case MONTH -> Normalized.of(twoDigits(ymd[1]));
      case DAY -> Normalized.of(twoDigits(ymd[2]));
    };
  }

  private static Normalized single(String token, Part part) {
    switch (part) {
      case YEAR -> {
        if (token.length() != 4 || !isDigits(token)) {
          return Normalized.rejected("year must have 4 digits");
        }
        int year = Integer.parseInt(token);
        String problem = yearProblem(year);
        return problem == null ? Normalized.of(token) : Normalized.rejected(problem);
      }
      case MONTH -> {
        int month = isDigits(token) ? smallNumber(token) : monthByName(token);
        return month >= 1 && month <= 12
            ? Normalized.of(twoDigits(month))
            : Normalized.rejected("month must be 1-12 or a month name");
      }
      default -> {
        int day = isDigits(token) ? smallNumber(token) : -1;
        return day >= 1 && day <= 31
            ? Normalized.of(twoDigits(day))
            : Normalized.rejected("day must be 1-31");
      }
    }
  }

  /** Year, month, day of a whole date, or null; ranges are checked by the caller. */
  private static int @Nullable [] wholeDate(String s, List<String> tokens) {
    String first = tokens.get(0);
    if (tokens.size() == 1 || (first.length() == 8 && isDigits(first) && hasTime(tokens, 1))) {
      // 19900517
      if (first.length() != 8 || !isDigits(first)) {
        return null;
      }
      int n = Integer.parseInt(first);
      return new int[] {n / 10000, n / 100 % 100, n % 100};
    }
    if (tokens.size() < 3) {
      return null;
    }
    String a = tokens.get(0);
    String b = tokens.get(1);
    String c = tokens.get(2);
    if (!hasTime(tokens, 3)) {
      return null;
    }
    // Month names: "17 May 1990", "May 17 1990", "1990 May 17".
    int nameAt = -1;
    for (int i = 0; i < 3; i++) {
      if (!isDigits(tokens.get(i))) {
        if (nameAt >= 0 || monthByName(tokens.get(i)) < 0) {
          return null;
        }
        nameAt = i;
      }
    }
    if (nameAt >= 0) {
      int month = monthByName(tokens.get(nameAt));
      List<String> numbers = new ArrayList<>(tokens.subList(0, 3));
      numbers.remove(nameAt);
      String x = numbers.get(0);
      String y = numbers.get(1);
      if (x.length() == 4 && y.length() <= 2) {
        return new int[] {Integer.parseInt(x), month, smallNumber(y)};
      }
      if (y.length() == 4 && x.length() <= 2) {
        return new int[] {Integer.parseInt(y), month, smallNumber(x)};
      }
      return null;
    }
    if (a.length() == 4 && b.length() <= 2 && c.length() <= 2) {
      return new int[] {Integer.parseInt(a), smallNumber(b), smallNumber(c)};
    }
    if (c.length() != 4 || a.length() > 2 || b.length() > 2) {
      return null;
    }
    int year = Integer.parseInt(c);
    int p = smallNumber(a);
    int q = smallNumber(b);
    boolean dayFirst = separatorAfter(s, a) == '.' ? q <= 12 : p > 12;
    return dayFirst ? new int[] {year, q, p} : new int[] {year, p, q};
  }

  /** Tokens after {@code from} may only be a time of day ("00:00:00", "12:30 PM"). */
  private static boolean hasTime(List<String> tokens, int from) {
    for (int i = from; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (!isDigits(t) && !t.equals("am") && !t.equals("pm") && !t.equals("t") && !t.equals("z")) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWholeDateToken(String token) {
    return token.length() == 8 && isDigits(token);
  }

  private static char separatorAfter(String s, String firstToken) {
    int i = s.indexOf(firstToken) + firstToken.length();
    return i < s.length() ? s.charAt(i) : ' ';
  }

  /**
   * Runs of ASCII digits and runs of letters (lowercased), split at everything else; a time's "T"
   * (1990-05-17T00:00) is split off as its own token.
   */
  private static List<String> tokens(String s) {
    List<String> tokens = new ArrayList<>(4);
    int i = 0;
    while (i < s.length() && tokens.size() < 12) {
      char c = s.charAt(i);
      int start = i;
      if (c >= '0' && c <= '9') {
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          i++;
        }
        tokens.add(s.substring(start, i));
      } else if (Character.isLetter(c)) {
        while (i < s.length() && Character.isLetter(s.charAt(i))) {
          i++;
        }
        tokens.add(s.substring(start, i).toLowerCase(Locale.ROOT));
      } else {
        i++;
      }
    }
    if (tokens.size() == 12) {
      tokens.add("?"); // too many tokens: never a date
    }
    return tokens;
  }

  private static @Nullable String yearProblem(int year) {
    int now = Year.now(ZoneOffset.UTC).getValue();
    if (year < FIRST_YEAR || year > now) {
      return "year outside " + FIRST_YEAR + "-" + now;
    }
    return null;
  }

  /** A month from its English name or 3+ letter abbreviation ("mar", "sept"), or -1. */
  static int monthByName(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    if (w.length() < 3) {
      return -1;
    }
    for (int i = 0; i < MONTHS.length; i++) {
      if (MONTHS[i].startsWith(w)) {
        return i + 1;
      }
    }
    return -1;
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** The value of a digit string of at most 4 digits; -1 when longer. */
  private static int smallNumber(String digits) {
    return digits.length() > 4 ? -1 : Integer.parseInt(digits);
  }

  private static String twoDigits(int n) {
    return n < 10 ? "0" + n : Integer.toString(n);
  }
}
