package dev.matchlist.core.normalize;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Jazzer drives {@link NormalizerProperties} with coverage-guided inputs. In a plain {@code mvn
 * test} each method runs in regression mode over its committed seed corpus in {@code
 * src/test/resources/dev/matchlist/core/normalize/NormalizerFuzzTestInputs/<method>/}; fuzz for
 * real with {@code JAZZER_FUZZ=1 ./mvnw -pl core test -Dtest=NormalizerFuzzTest}.
 */
class NormalizerFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void normalizingTwiceChangesNothing(@NotNull String raw) {
    NormalizerProperties.idempotent(raw);
  }

  @FuzzTest(maxDuration = "60s")
  void sha256HexPassesThroughToWire(@NotNull String raw) {
    NormalizerProperties.hexPassesThrough(raw);
  }

  @FuzzTest(maxDuration = "60s")
  void noValueAndNoRowCountryMakeTheNormalizerThrow(
      @NotNull String raw, @NotNull String rowCountry) {
    NormalizerProperties.neverThrows(raw, rowCountry);
  }
}
