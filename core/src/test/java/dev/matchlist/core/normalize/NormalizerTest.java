package dev.matchlist.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.matchlist.core.SchemaKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The facade: dispatch, blanks, toWire, the builder. Expected hashes come from sha256sum. */
class NormalizerTest {
  private static final Normalizer STANDARD = Normalizer.standard();

  @ParameterizedTest
  @EnumSource(SchemaKey.class)
  void blankInputIsRejectedAsEmptyForEveryKey(SchemaKey key) {
    assertThat(STANDARD.normalize(key, " \t\u00a0\ufeff").reason()).isEqualTo("empty");
    assertThat(STANDARD.toWire(key, "", null).reason()).isEqualTo("empty");
  }

  @Test
  void toWireHashesTheNormalizedValueOfAHashedKey() {
    assertThat(STANDARD.toWire(SchemaKey.FN, " MARY ", null).value())
        .isEqualTo("6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec");
  }

  @Test
  void toWireHashesUnicodeNamesOverTheirUtf8Bytes() {
    assertThat(STANDARD.toWire(SchemaKey.FN, "Éloïse", null).value())
        .isEqualTo("da88a25ab9c8697c7cefed8f98868c8f36eb7dbbb547232099dcc638428ab0ab");
  }

  @Test
  void toWirePassesAnUppercaseHashThroughLowercasedInsteadOfNormalizingIt() {
    String upper = "6915771BE1C5AA0C886870B6951B03D7EAFC121FEA0E80A5EA83BEB7C449F4EC";

    assertThat(STANDARD.toWire(SchemaKey.LN, upper, null).value())
        .isEqualTo("6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec");
  }

  @Test
  void toWireOfAClearKeyIsTheNormalizedValueNeverAHash() {
    assertThat(
            STANDARD.toWire(SchemaKey.MADID, "6D92078A-8246-4BA4-AE5B-76104861E7DC", null).value())
        .isEqualTo("6d92078a-8246-4ba4-ae5b-76104861e7dc");
  }

  @Test
  void toWireOfARejectedValueCarriesTheReason() {
    assertThat(STANDARD.toWire(SchemaKey.EMAIL, "mary@example", null).reason())
        .contains("domain has no dot");
  }

  @Test
  void theRowCountryDecidesZipRulesAndTheDefaultRegionStandsInForIt() {
    Normalizer us = Normalizer.builder().defaultRegion("US").build();

    assertThat(STANDARD.normalize(SchemaKey.ZIP, "2134").value()).isEqualTo("2134");
    assertThat(us.normalize(SchemaKey.ZIP, "2134").value()).isEqualTo("02134");
    assertThat(us.toWire(SchemaKey.ZIP, "2134", null).value())
        .isEqualTo("1f75e2dac5b82521f112e293235aaeeb5dad684c5ede8469c1ec015b22bba44c");
    assertThat(us.normalize(SchemaKey.ZIP, "2134", "Australia").value()).isEqualTo("2134");
  }

  @Test
  void anUnreadableRowCountryFallsBackToTheDefaultRegion() {
    Normalizer de = Normalizer.builder().defaultRegion("DE").build();

    assertThat(de.toWire(SchemaKey.PHONE, "0151 23456789", "Narnia").value())
        .isEqualTo("c0f8f0bebbbac96451ee8d8def84a02ae9e34c877775437cb9d458328315afa7");
  }

  @Test
  void builderAcceptsAnyCountrySpellingAsDefaultRegion() {
    assertThat(Normalizer.builder().defaultRegion("usa").build().defaultRegion()).isEqualTo("US");
    assertThat(Normalizer.builder().defaultRegion("Germany").build().defaultRegion())
        .isEqualTo("DE");
    assertThat(Normalizer.standard().defaultRegion()).isNull();
  }

  @Test
  void builderRejectsARegionThatIsNoCountry() {
    assertThatThrownBy(() -> Normalizer.builder().defaultRegion("Narnia"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Narnia");
  }
}
