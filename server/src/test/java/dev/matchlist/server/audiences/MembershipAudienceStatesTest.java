package dev.matchlist.server.audiences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MembershipAudienceStatesTest {

  @Test
  void twoSignificantDigitsRoundTheLowerBoundDownAndTheUpperBoundUp() {
    assertThat(MembershipAudienceStates.sizeRange(1234, 2)).containsExactly(1200, 1300);
    assertThat(MembershipAudienceStates.sizeRange(567, 2)).containsExactly(560, 570);
    assertThat(MembershipAudienceStates.sizeRange(1_999_999, 2))
        .containsExactly(1_900_000, 2_000_000);
  }

  @Test
  void countsWithFewEnoughDigitsAreExactAndZeroIsZeroToZero() {
    assertThat(MembershipAudienceStates.sizeRange(0, 2)).containsExactly(0, 0);
    assertThat(MembershipAudienceStates.sizeRange(57, 2)).containsExactly(57, 57);
    assertThat(MembershipAudienceStates.sizeRange(1200, 2)).containsExactly(1200, 1200);
    assertThat(MembershipAudienceStates.sizeRange(1234, 4)).containsExactly(1234, 1234);
  }

  @Test
  void theRangeAlwaysHoldsTheCountAndKeepsAtMostTheAskedDigits() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 10_000; i++) {
      long count = random.nextLong(0, 10_000_000_000L);
      int digits = random.nextInt(1, 5);
      long[] range = MembershipAudienceStates.sizeRange(count, digits);
      assertThat(range[0]).as("count %d digits %d", count, digits).isLessThanOrEqualTo(count);
      assertThat(range[1]).as("count %d digits %d", count, digits).isGreaterThanOrEqualTo(count);
      assertThat(significantDigits(range[0])).isLessThanOrEqualTo(digits);
      assertThat(significantDigits(range[1])).isLessThanOrEqualTo(digits);
    }
  }

  @Test
  void rulesOutsideTheirRangesAreRefused() {
    assertThatThrownBy(() -> new MembershipAudienceStates.Rules(0, 0.2, 0.5, 100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MembershipAudienceStates.Rules(2, 1.5, 0.5, 100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MembershipAudienceStates.Rules(2, 0.2, -0.1, 100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MembershipAudienceStates.Rules(2, 0.2, 0.5, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static int significantDigits(long n) {
    String digits = Long.toString(n).replaceAll("0+$", "");
    return digits.isEmpty() ? 0 : digits.length();
  }
}
