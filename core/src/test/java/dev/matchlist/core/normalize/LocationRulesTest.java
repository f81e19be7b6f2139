package dev.matchlist.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** CT, ST, ZIP and COUNTRY. */
class LocationRulesTest {
  @Test
  void cityFoldsLatinAccentsToAsciiLetters() {
    assertThat(CityRule.normalize("São Paulo").value()).isEqualTo("saopaulo");
    assertThat(CityRule.normalize("Łódź").value()).isEqualTo("lodz");
    assertThat(CityRule.normalize("Straßburg").value()).isEqualTo("strassburg");
  }

  @Test
  void cityKeepsOtherScriptsInsteadOfDroppingThem() {
    assertThat(CityRule.normalize("Москва").value()).isEqualTo("москва");
  }

  @Test
  void cityDropsSpacesPunctuationAndDigits() {
    assertThat(CityRule.normalize(" St. Louis 63101").value()).isEqualTo("stlouis");
  }

  @Test
  void stateNamesBecomeTwoLetterCodes() {
    assertThat(StateRule.normalize("California", null).value()).isEqualTo("ca");
    assertThat(StateRule.normalize(" NEW-YORK ", "us").value()).isEqualTo("ny");
    assertThat(StateRule.normalize("Québec", "ca").value()).isEqualTo("qc");
  }

  @Test
  void stateNamesAreNotMappedInRowsOfOtherCountries() {
    assertThat(StateRule.normalize("Georgia", "ge").value()).isEqualTo("georgia");
  }

  @Test
  void aStateOutsideNorthAmericaIsLowercaseLettersOnly() {
    assertThat(StateRule.normalize("Île-de-France", "fr").value()).isEqualTo("iledefrance");
  }

  @Test
  void usZipKeepsFiveDigitsAndPadsWhatSpreadsheetsShortened() {
    assertThat(ZipRule.normalize("12345-6789", "us").value()).isEqualTo("12345");
    assertThat(ZipRule.normalize("2134", "us").value()).isEqualTo("02134");
  }

  @Test
  void zipPlusFourIsCutEvenWithoutCountry() {
    assertThat(ZipRule.normalize("12345-6789", null).value()).isEqualTo("12345");
  }

  @Test
  void shortZipWithoutCountryIsNotPadded() {
    assertThat(ZipRule.normalize("2000", null).value()).isEqualTo("2000");
  }

  @Test
  void ukAndCanadianPostcodesLoseTheirSpace() {
    assertThat(ZipRule.normalize("M1 1AE", "gb").value()).isEqualTo("m11ae");
    assertThat(ZipRule.normalize("K1A 0B1", "ca").value()).isEqualTo("k1a0b1");
  }

  @Test
  void aLetterPostcodeInAUsRowIsRejected() {
    assertThat(ZipRule.normalize("M1 1AE", "us").reason()).startsWith("not a US ZIP code");
  }

  @Test
  void aOneCharacterZipIsRejected() {
    assertThat(ZipRule.normalize("7", "de").reason()).isEqualTo("too short");
  }

  @Test
  void countryAcceptsCodesNamesAndAliases() {
    assertThat(CountryRule.normalize("DEU").value()).isEqualTo("de");
    assertThat(CountryRule.normalize("Germany").value()).isEqualTo("de");
    assertThat(CountryRule.normalize("Deutschland").value()).isEqualTo("de");
    assertThat(CountryRule.normalize("U.S.A.").value()).isEqualTo("us");
    assertThat(CountryRule.normalize("UK").value()).isEqualTo("gb");
  }

  @Test
  void countryRejectsWhatIsNoCountry() {
    assertThat(CountryRule.normalize("Narnia").reason()).isEqualTo("unknown country");
    assertThat(CountryRule.normalize("zz").reason()).isEqualTo("unknown country");
  }

  @Test
  void countryReturnsTheSameStringForANormalizedCode() {
    String code = CountryRule.normalize("FR").value();

    assertThat(CountryRule.normalize("fr").value()).isSameAs(code);
  }
}
