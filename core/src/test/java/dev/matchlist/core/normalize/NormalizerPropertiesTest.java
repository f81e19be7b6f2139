package dev.matchlist.core.normalize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Seeded random strings through {@link NormalizerProperties}. The seed is fixed (override it with
 * {@code -Dmatchlist.seed=...}) and printed on failure; the failing input is written to {@code
 * testdata/fixtures/normalize/<property>-<seed>.txt} first, so that {@link FixtureReplayTest} keeps
 * checking it after the bug is fixed.
 */
class NormalizerPropertiesTest {
  private static final long SEED = Long.getLong("matchlist.seed", 20261130L);
  private static final int CASES = 100_000;

  @Test
  void normalizingTwiceChangesNothingForAnyKey() throws IOException {
    check(
        NormalizerProperties.IDEMPOTENT,
        text -> new String[] {text.next()},
        input -> NormalizerProperties.idempotent(input[0]),
        CASES);
  }

  @Test
  void aSha256HexValueGoesOnTheWireLowercasedForEveryHashedKey() throws IOException {
    check(
        NormalizerProperties.HEX_PASSES,
        text -> new String[] {text.next()},
        input -> NormalizerProperties.hexPassesThrough(input[0]),
        CASES / 10);
  }

  @Test
  void noValueAndNoRowCountryMakeTheNormalizerThrow() throws IOException {
    check(
        NormalizerProperties.NO_THROW,
        text -> new String[] {text.next(), text.next()},
        input -> NormalizerProperties.neverThrows(input[0], input[1]),
        CASES / 10);
  }

  /**
   * Runs {@code check} on {@code cases} inputs made by {@code generator}; the first failing input
   * is written to a fixture (its strings escaped, TAB-separated) before the test fails.
   */
  private static void check(
      String property,
      Function<RandomText, String[]> generator,
      Consumer<String[]> check,
      int cases)
      throws IOException {
    Random random = new Random(SEED);
    RandomText text = new RandomText(random);
    for (int i = 0; i < cases; i++) {
      String[] input = generator.apply(text);
      try {
        check.accept(input);
      } catch (AssertionError | RuntimeException e) {
        String line = TestData.escapeFields(input);
        Path fixture = FixtureReplayTest.DIR.get().resolve(property + "-" + SEED + ".txt");
        Files.createDirectories(fixture.getParent());
        Files.writeString(fixture, line + "\n", StandardCharsets.UTF_8);
        throw new AssertionError(
            property
                + " failed for case "
                + i
                + " of seed "
                + SEED
                + ", input written to "
                + fixture
                + ": "
                + line,
            e);
      }
    }
  }
}
