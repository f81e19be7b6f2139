package dev.matchlist.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.core.SchemaKey;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PhoneRuleTest {
  private static final Normalizer STANDARD = Normalizer.standard();
  private static final Normalizer US = Normalizer.builder().defaultRegion("US").build();

  @Test
  void metasVectorStaysAsItIsWithoutAnyRegion() {
    assertThat(STANDARD.normalize(SchemaKey.PHONE, "15559876543").value()).isEqualTo("15559876543");
  }

  @Test
  void readsANationalNumberInTheRowsCountry() {
    assertThat(STANDARD.normalize(SchemaKey.PHONE, "030 12345678", "DE").value())
        .isEqualTo("493012345678");
  }

  @Test
  void normalizesTheRowCountryBeforeUsingItAsRegion() {
    assertThat(STANDARD.normalize(SchemaKey.PHONE, "0151 23456789", " deutschland ").value())
        .isEqualTo("4915123456789");
  }

  @Test
  void theDefaultRegionReadsNationalNumbersOfRowsWithoutCountry() {
    assertThat(US.normalize(SchemaKey.PHONE, "(555) 987-6543").value()).isEqualTo("15559876543");
  }

  @Test
  void theRowCountryBeatsTheDefaultRegion() {
    assertThat(US.normalize(SchemaKey.PHONE, "020 7946 0958", "GB").value())
        .isEqualTo("442079460958");
  }

  @Test
  void plusAndDoubleZeroMarkInternationalNumbersWhateverTheRegion() {
    assertThat(US.normalize(SchemaKey.PHONE, "+49 30 12345678").value()).isEqualTo("493012345678");
    assertThat(US.normalize(SchemaKey.PHONE, "0049 30 12345678").value()).isEqualTo("493012345678");
  }

  @Test
  void aNationalNumberWithoutRegionIsRejectedWithAHint() {
    assertThat(STANDARD.normalize(SchemaKey.PHONE, "030 12345678").reason())
        .isEqualTo("no country code; set COUNTRY or a default region");
  }

  @Test
  void aUsNumberWithoutItsOneAndWithoutRegionIsNotTakenForABrazilianOne() {
    assertThat(STANDARD.normalize(SchemaKey.PHONE, "5559876543").reason())
        .startsWith("no country code");
  }

  @Test
  void aValidForeignNumberWithoutPlusIsKeptInAFileOfAnotherRegion() {
    assertThat(US.normalize(SchemaKey.PHONE, "4915123456789").value()).isEqualTo("4915123456789");
  }

  @Test
  void anIndianMobileThatStartsWith91IsReadAsNational() {
    assertThat(STANDARD.normalize(SchemaKey.PHONE, "9198765432", "IN").value())
        .isEqualTo("919198765432");
  }

  @Test
  void dropsAnExtension() {
    assertThat(US.normalize(SchemaKey.PHONE, "555-987-6543 x12").value()).isEqualTo("15559876543");
  }

  @Test
  void rejectsAValueWithoutDigits() {
    assertThat(US.normalize(SchemaKey.PHONE, "n/a").reason()).isEqualTo("not a phone number");
  }

  @Test
  void rejectsALocalNumberWithoutAreaCode() {
    assertThat(US.normalize(SchemaKey.PHONE, "987-6543").reason()).contains("local number");
  }

  @Test
  void theFastPathAnswersLikeLibphonenumberOnRandomDigitStrings() {
    long seed = 7L;
    Random random = new Random(seed);
    String[] regions = {null, "US", "DE", "GB", "IN", "BR", "FR", "JP", "IT", "RU", "AR"};
    String[] prefixes = {"", "1", "44", "49", "91", "55", "33", "81", "39", "7", "54", "0"};
    int fast = 0;
    for (int i = 0; i < 100_000; i++) {
      StringBuilder s = new StringBuilder(random.nextBoolean() ? "+" : "");
      s.append(prefixes[random.nextInt(prefixes.length)]);
      for (int n = 4 + random.nextInt(10); n > 0; n--) {
        s.append((char) ('0' + random.nextInt(10)));
        if (random.nextInt(5) == 0) {
          s.append(" -.()".charAt(random.nextInt(5)));
        }
      }
      String region = regions[random.nextInt(regions.length)];
      String value = s.toString();
      if (value.isEmpty() || value.equals("+")) {
        continue;
      }
      Normalized fastAnswer = PhoneRule.fastPath(value, region);
      if (fastAnswer != null) {
        fast++;
        assertThat(fastAnswer)
            .as("seed %d: %s in %s", seed, value, region)
            .isEqualTo(PhoneRule.slowPath(value, region));
      }
    }
    assertThat(fast).as("values that took the fast path").isGreaterThan(5_000);
  }
}
