package dev.matchlist.core.payload;

import dev.matchlist.core.SchemaKey;
import org.jspecify.annotations.Nullable;

/**
 * One rejected row, as a sample for {@code invalid_entry_samples}.
 *
 * @param row 0-based index of the row in {@code payload.data}
 * @param key the column of the first bad cell, or null when the row as a whole is at fault (no
 *     identifier in it)
 * @param value the offending cell as sent, shortened to {@value #MAX_VALUE_LENGTH} characters (""
 *     for whole-row faults); a sample may therefore hold a plain-text identifier the advertiser
 *     forgot to hash: it is for the answer, never for storage
 * @param reason what is wrong, in words a person can act on
 */
public record InvalidEntry(int row, @Nullable SchemaKey key, String value, String reason) {
  /** Longest {@link #value()} kept. */
  public static final int MAX_VALUE_LENGTH = 80;

  static InvalidEntry of(int row, @Nullable SchemaKey key, String value, String reason) {
    if (value.length() <= MAX_VALUE_LENGTH) {
      return new InvalidEntry(row, key, value, reason);
    }
    int end = MAX_VALUE_LENGTH - 1;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // never split a surrogate pair
    }
    return new InvalidEntry(row, key, value.substring(0, end) + "…", reason);
  }
}
