package dev.matchlist.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
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
  void theOnePassCheckAcceptsExactlyWhatTheFullCheckDoesOnRandomAsciiValues() {
    long seed = 11L;
    Random random = new Random(seed);
    String alphabet = "aZ9@@..-_ \t\u007f";
    int valid = 0;
    for (int i = 0; i < 200_000; i++) {
      // an address, then up to two random characters replaced or inserted: near misses
      StringBuilder s = new StringBuilder();
      s.append(word(random)).append('@').append(word(random)).append('.').append(word(random));
      for (int edits = random.nextInt(3); edits > 0; edits--) {
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        int at = random.nextInt(s.length());
        if (random.nextBoolean()) {
          s.setCharAt(at, c);
        } else {
          s.insert(at, c);
        }
      }
      String value = s.toString();
      String trimmed = value.strip().replaceAll("^[.\\s\u007f]+|[.\\s\u007f]+$", "");
      if (trimmed.isEmpty()) {
        continue;
      }
      String reason = EmailRule.problem(trimmed, 0, trimmed.length());
      Normalized answer = EmailRule.normalize(value);
      if (reason == null) {
        valid++;
        assertThat(answer.value())
            .as("seed %d: '%s'", seed, value)
            .isEqualTo(trimmed.toLowerCase(Locale.ROOT));
      } else {
        assertThat(answer.reason()).as("seed %d: '%s'", seed, value).isEqualTo(reason);
      }
    }
    assertThat(valid).as("valid addresses drawn").isGreaterThan(1_000);
  }

  private static String word(Random random) {
    StringBuilder word = new StringBuilder();
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      word.append("aZ9.-_".charAt(random.nextInt(6)));
    }
    return word.toString();
  }

  @Test
  void rejectsBrokenUnicode() {
    assertThat(EmailRule.normalize("mar\ud800y@example.com").reason()).contains("broken Unicode");
  }
}
