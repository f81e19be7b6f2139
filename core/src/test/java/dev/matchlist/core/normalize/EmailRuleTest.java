package dev.matchlist.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailRuleTest {
  @Test
  void trimsAndLowercases() {
    assertThat(EmailRule.normalize("  Mary@Example.COM\t").value()).isEqualTo("mary@example.com");
  }

  @Test
  void dropsLeadingAndTrailingDotsAsThePythonAndPhpSdksDo() {
    assertThat(EmailRule.normalize(".mary@example.com.").value()).isEqualTo("mary@example.com");
  }

  @Test
  void keepsGmailDotsBecauseMetaKeepsThem() {
    assertThat(EmailRule.normalize("Mary.Smith@gmail.com").value())
        .isEqualTo("mary.smith@gmail.com");
  }

  @Test
  void keepsUnicodeAddressesLowercasedAndComposed() {
    assertThat(EmailRule.normalize("E\u0301LOI\u0308SE@Exämple.fr").value())
        .isEqualTo("éloïse@exämple.fr");
  }

  @Test
  void returnsTheSameStringWhenItIsAlreadyNormalized() {
    String normalized = "mary@example.com";

    assertThat(EmailRule.normalize(normalized).value()).isSameAs(normalized);
  }

  @Test
  void rejectsAValueWithoutAt() {
    assertThat(EmailRule.normalize("mary.example.com").reason()).contains("no @");
  }

  @Test
  void rejectsTwoAts() {
    assertThat(EmailRule.normalize("mary@x@example.com").reason()).contains("more than one @");
  }

  @Test
  void rejectsADomainWithoutDot() {
    assertThat(EmailRule.normalize("mary@localhost").reason()).contains("domain has no dot");
  }

  @Test
  void rejectsInnerSpacesIncludingUnicodeOnes() {
    assertThat(EmailRule.normalize("mary smith@example.com").reason()).contains("spaces");
    assertThat(EmailRule.normalize("josé\u2003x@example.com").reason()).contains("spaces");
  }

  @Test
  void rejectsBrokenUnicode() {
    assertThat(EmailRule.normalize("mar\ud800y@example.com").reason()).contains("broken Unicode");
  }
}
