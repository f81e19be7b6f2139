package dev.matchlist.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameRuleTest {
  @Test
  void keepsAccentsAndLowercases() {
    assertThat(NameRule.name("ÉLOÏSE").value()).isEqualTo("éloïse");
    assertThat(NameRule.name("Nguyễn").value()).isEqualTo("nguyễn");
  }

  @Test
  void composesDecomposedInputSoBothSpellingsHashAlike() {
    assertThat(NameRule.name("Mu\u0308ller").value()).isEqualTo("m\u00fcller");
  }

  @Test
  void dropsPunctuationDigitsAndSpaces() {
    assertThat(NameRule.name(" Mary-Ann O'Neil 3rd ").value()).isEqualTo("maryannoneilrd");
  }

  @Test
  void keepsOtherScripts() {
    assertThat(NameRule.name("王芳").value()).isEqualTo("王芳");
    assertThat(NameRule.name("Дмитрий").value()).isEqualTo("дмитрий");
    assertThat(NameRule.name("محمد").value()).isEqualTo("محمد");
  }

  @Test
  void keepsTheVowelSignsDevanagariNeeds() {
    String name = "\u0926\u0947\u0935"; // देव: da, vowel sign e (a mark), va

    assertThat(NameRule.name(name).value()).isEqualTo(name);
  }

  @Test
  void dropsAMarkThatHasNoLetterToSitOn() {
    assertThat(NameRule.name("\u0301Ann").value()).isEqualTo("ann");
  }

  @Test
  void lowercasesAGreekFinalSigmaAsFinal() {
    assertThat(NameRule.name("ΟΔΥΣΣΕΑΣ").value()).isEqualTo("οδυσσεας");
  }

  @Test
  void rejectsANameWithoutLetters() {
    assertThat(NameRule.name("1234 .-").reason()).isEqualTo("no letters");
  }

  @Test
  void initialIsTheFirstLetterOfTheNormalizedName() {
    assertThat(NameRule.initial(" 'éloïse").value()).isEqualTo("é");
  }

  @Test
  void firstFiveCountsCodePointsNotUtf16Units() {
    String supplementary = "\ud840\udc00"; // 𠀀, one code point, two chars

    assertThat(NameRule.firstFive(supplementary.repeat(7)).value())
        .isEqualTo(supplementary.repeat(5));
  }

  @Test
  void firstFiveOfAShortNameIsTheWholeName() {
    assertThat(NameRule.firstFive("Li").value()).isEqualTo("li");
  }
}
