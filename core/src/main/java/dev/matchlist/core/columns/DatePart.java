package dev.matchlist.core.columns;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.normalize.Normalized;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The year, month or day of a whole date-of-birth cell, so that one {@code dob} column can feed
 * {@link SchemaKey#DOBY}, {@link SchemaKey#DOBM} and {@link SchemaKey#DOBD}.
 *
 * <p>Accepted shapes: {@code 1985-03-27}, {@code 1985/03/27}, {@code 19850327}, {@code 03/27/1985}
 * (slashes with the year last are month first, as in the United States) and {@code 27.03.1985}
 * (dots are day first). Single-digit months and days are fine. Anything else is rejected rather
 * than guessed: {@code 03/04/1985} means March 4th, never April 3rd.
 */
public enum DatePart {
  YEAR(SchemaKey.DOBY),
  MONTH(SchemaKey.DOBM),
  DAY(SchemaKey.DOBD);

  private static final List<DateTimeFormatter> FORMATS =
      List.of(
          strict("uuuu-M-d"),
          strict("uuuu/M/d"),
          strict("uuuuMMdd"),
          strict("M/d/uuuu"),
          strict("d.M.uuuu"));

  private final SchemaKey key;

  DatePart(SchemaKey key) {
    this.key = key;
  }

  /** The schema key this part of a date fills. */
  public SchemaKey key() {
    return key;
  }

  /**
   * This part of the date in {@code cell}, as digits ({@code "1985"}, {@code "03"}, {@code "27"}),
   * or the reason the cell is not a date. The reason never quotes the cell: it is personal data.
   */
  public Normalized of(String cell) {
    String text = cell.strip();
    if (text.isEmpty()) {
      return Normalized.rejected("empty");
    }
    LocalDate date = parse(text);
    if (date == null) {
      return Normalized.rejected(
          "not a date (expected YYYY-MM-DD, YYYYMMDD, MM/DD/YYYY or DD.MM.YYYY)");
    }
    return switch (this) {
      case YEAR -> Normalized.of(String.format(Locale.ROOT, "%04d", date.getYear()));
      case MONTH -> Normalized.of(String.format(Locale.ROOT, "%02d", date.getMonthValue()));
      case DAY -> Normalized.of(String.format(Locale.ROOT, "%02d", date.getDayOfMonth()));
    };
  }

  private static @Nullable LocalDate parse(String text) {
    for (DateTimeFormatter format : FORMATS) {
      try {
        return LocalDate.parse(text, format);
      } catch (DateTimeParseException e) {
        // try the next shape
      }
    }
    return null;
  }

  private static DateTimeFormatter strict(String pattern) {
    return DateTimeFormatter.ofPattern(pattern, Locale.ROOT)
        .withResolverStyle(ResolverStyle.STRICT);
  }
}
