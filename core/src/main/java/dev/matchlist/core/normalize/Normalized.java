package dev.matchlist.core.normalize;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of normalizing one value: either the normalized text or the reason it was rejected.
 * Rejection is an ordinary result, never an exception, so that callers can count and sample it.
 *
 * @param value the normalized value, or null when rejected
 * @param reason why the value was rejected (a short phrase a person can act on), or null
 */
public record Normalized(@Nullable String value, @Nullable String reason) {
  public Normalized {
    if ((value == null) == (reason == null)) {
      throw new IllegalArgumentException("exactly one of value and reason");
    }
  }

  public static Normalized of(String value) {
    return new Normalized(Objects.requireNonNull(value), null);
  }

  public static Normalized rejected(String reason) {
    return new Normalized(null, Objects.requireNonNull(reason));
  }

  public boolean isValid() {
    return value != null;
  }
}
