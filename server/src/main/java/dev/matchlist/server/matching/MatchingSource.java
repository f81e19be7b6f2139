package dev.matchlist.server.matching;

import java.util.Locale;

/**
 * Where the people uploads are matched against come from — the {@code --matching} option:
 *
 * <ul>
 *   <li>{@code identities} (default): the operator's identity base, loaded with {@code matchlist
 *       identities load} and kept in the data directory;
 *   <li>{@code synthetic[:rate]}: {@link SyntheticMatching}, every identifier is a person at the
 *       given rate (default 0.7), for integration testers without a user base;
 *   <li>{@code population[:size]}: {@link SyntheticPopulation} of {@code size} people (default 1
 *       million) with predictable emails and phones, for the demo.
 * </ul>
 */
public record MatchingSource(Kind kind, double rate, int populationSize) {
  /** The three sources. */
  public enum Kind {
    IDENTITIES,
    SYNTHETIC,
    POPULATION
  }

  public static final double DEFAULT_SYNTHETIC_RATE = 0.7;
  public static final int DEFAULT_POPULATION = 1_000_000;

  public static MatchingSource identities() {
    return new MatchingSource(Kind.IDENTITIES, 0, 0);
  }

  public static MatchingSource synthetic(double rate) {
    return new MatchingSource(Kind.SYNTHETIC, rate, 0);
  }

  public static MatchingSource population(int size) {
    return new MatchingSource(Kind.POPULATION, 0, size);
  }

  /** Parses the {@code --matching} option; throws with a message naming the accepted forms. */
  public static MatchingSource parse(String option) {
    String[] parts = option.strip().toLowerCase(Locale.ROOT).split(":", 2);
    try {
      switch (parts[0]) {
        case "identities":
          if (parts.length == 1) {
            return identities();
          }
          break;
        case "synthetic":
          double rate = parts.length == 1 ? DEFAULT_SYNTHETIC_RATE : Double.parseDouble(parts[1]);
          if (rate >= 0 && rate <= 1) {
            return synthetic(rate);
          }
          break;
        case "population":
          int size = parts.length == 1 ? DEFAULT_POPULATION : Integer.parseInt(parts[1]);
          if (size >= 1 && size <= SyntheticPopulation.MAX_SIZE) {
            return population(size);
          }
          break;
        default:
          break;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        "--matching takes identities, synthetic[:rate 0..1] or population[:size 1.."
            + SyntheticPopulation.MAX_SIZE
            + "], not "
            + option);
  }
}
