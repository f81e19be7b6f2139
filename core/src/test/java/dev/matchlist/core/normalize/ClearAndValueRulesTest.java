package dev.matchlist.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** GEN, MADID, EXTERN_ID, APPUID/PAGEUID, LOOKALIKE_VALUE and the data-processing options. */
class ClearAndValueRulesTest {
  @Test
  void genderWordsBecomeMOrF() {
    assertThat(GenderRule.normalize("Male").value()).isEqualTo("m");
    assertThat(GenderRule.normalize(" WOMAN ").value()).isEqualTo("f");
    assertThat(GenderRule.normalize("weiblich").value()).isEqualTo("f");
  }

  @Test
  void anUnknownGenderIsRejectedNotGuessed() {
    assertThat(GenderRule.normalize("x").reason()).isEqualTo("not m or f");
  }

  @Test
  void madidIsLowercasedWithItsHyphens() {
    assertThat(IdRules.madid("6D92078A-8246-4BA4-AE5B-76104861E7DC").value())
        .isEqualTo("6d92078a-8246-4ba4-ae5b-76104861e7dc");
  }

  @Test
  void madidWithoutHyphensGetsThem() {
    assertThat(IdRules.madid("6D92078A82464BA4AE5B76104861E7DC").value())
        .isEqualTo("6d92078a-8246-4ba4-ae5b-76104861e7dc");
  }

  @Test
  void theAllZeroMadidOfLimitedAdTrackingIsRejected() {
    assertThat(IdRules.madid("00000000-0000-0000-0000-000000000000").reason()).contains("all-zero");
  }

  @Test
  void externIdIsOnlyTrimmed() {
    assertThat(IdRules.externId("  CRM-42 ").value()).isEqualTo("CRM-42");
  }

  @Test
  void appAndPageIdsMustBeDigits() {
    assertThat(IdRules.numericId(" 1234567890 ").value()).isEqualTo("1234567890");
    assertThat(IdRules.numericId("12e3").reason()).isEqualTo("not a numeric id");
  }

  @Test
  void lookalikeValueIsCanonicalPlainText() {
    assertThat(ValueRules.lookalikeValue("44.50").value()).isEqualTo("44.5");
    assertThat(ValueRules.lookalikeValue("1.4E2").value()).isEqualTo("140");
    assertThat(ValueRules.lookalikeValue(".9").value()).isEqualTo("0.9");
  }

  @Test
  void lookalikeValueRejectsNegativesAndNonNumbers() {
    assertThat(ValueRules.lookalikeValue("-3").reason()).isEqualTo("negative value");
    assertThat(ValueRules.lookalikeValue("NaN").reason()).isEqualTo("not a number");
  }

  @Test
  void lookalikeValueWithAHugeExponentDoesNotExpand() {
    assertThat(ValueRules.lookalikeValue("1e-2147483647").value()).isEqualTo("0");
    assertThat(ValueRules.lookalikeValue("1e999999999").reason()).isEqualTo("value too large");
  }

  @Test
  void dataProcessingOptionsAreJsonArrayText() {
    assertThat(ValueRules.dataProcessingOptions("ldu").value()).isEqualTo("[\"LDU\"]");
    assertThat(ValueRules.dataProcessingOptions("[ ]").value()).isEqualTo("[]");
  }

  @Test
  void dataProcessingCountryAndStateAcceptOnlyMetasCodes() {
    assertThat(ValueRules.dataProcessingCountry("1").value()).isEqualTo("1");
    assertThat(ValueRules.dataProcessingCountry("2").isValid()).isFalse();
    assertThat(ValueRules.dataProcessingState("1000").value()).isEqualTo("1000");
    assertThat(ValueRules.dataProcessingState("1014").isValid()).isFalse();
  }
}
