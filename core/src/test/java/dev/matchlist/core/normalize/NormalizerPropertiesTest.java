package dev.matchlist.core.normalize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Consumer;
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
    check(NormalizerProperties.IDEMPOTENT, NormalizerProperties::idempotent, CASES);
  }

  @Test
  void aSha256HexValueGoesOnTheWireLowercasedForEveryHashedKey() throws IOException {
    check(NormalizerProperties.HEX_PASSES, NormalizerProperties::hexPassesThrough, CASES / 10);
  }

  private static void check(String property, Consumer<String> check, int cases) throws IOException {
    Random random = new Random(SEED);
    RandomText text = new RandomText(random);
    for (int i = 0; i < cases; i++) {
      String input = text.next();
      try {
        check.accept(input);
      } catch (AssertionError | RuntimeException e) {
        Path fixture = FixtureReplayTest.DIR.get().resolve(property + "-" + SEED + ".txt");
        Files.createDirectories(fixture.getParent());
        Files.writeString(fixture, TestData.escape(input) + "\n", StandardCharsets.UTF_8);
        throw new AssertionError(
            property
                + " failed for case "
                + i
                + " of seed "
                + SEED
                + ", input written to "
                + fixture
                + ": "
                + TestData.escape(input),
            e);
      }
    }
  }
}
