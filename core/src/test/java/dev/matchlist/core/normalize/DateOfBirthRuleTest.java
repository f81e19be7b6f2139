package dev.matchlist.core.normalize;

import static dev.matchlist.core.normalize.DateOfBirthRule.Part.DAY;
import static dev.matchlist.core.normalize.DateOfBirthRule.Part.MONTH;
import static dev.matchlist.core.normalize.DateOfBirthRule.Part.YEAR;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Year;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DateOfBirthRuleTest {
  @Test
  void eachPartAcceptsItsOwnValue() {
    assertThat(DateOfBirthRule.normalize("1990", YEAR).value()).isEqualTo("1990");
    assertThat(DateOfBirthRule.normalize("3", MONTH).value()).isEqualTo("03");
    assertThat(DateOfBirthRule.normalize("7", DAY).value()).isEqualTo("07");
  }

  @Test
  void monthNamesAndAbbreviationsBecomeNumbers() {
    assertThat(DateOfBirthRule.normalize("March", MONTH).value()).isEqualTo("03");
    assertThat(DateOfBirthRule.normalize("Sept.", MONTH).value()).isEqualTo("09");
  }

  @Test
  void aWholeIsoDateFeedsAllThreeParts() {
    assertThat(DateOfBirthRule.normalize("1990-05-17", YEAR).value()).isEqualTo("1990");
    assertThat(DateOfBirthRule.normalize("1990-05-17", MONTH).value()).isEqualTo("05");
    assertThat(DateOfBirthRule.normalize("1990-05-17", DAY).value()).isEqualTo("17");
  }

  @Test
  void slashDatesAreMonthFirstUnlessTheFirstNumberCannotBeAMonth() {
    assertThat(DateOfBirthRule.normalize("03/04/1990", MONTH).value()).isEqualTo("03");
    assertThat(DateOfBirthRule.normalize("17/05/1990", MONTH).value()).isEqualTo("05");
  }

  @Test
  void dottedDatesAreDayFirst() {
    assertThat(DateOfBirthRule.normalize("03.04.1990", MONTH).value()).isEqualTo("04");
  }

  @Test
  void aTimeAfterTheDateIsIgnored() {
    assertThat(DateOfBirthRule.normalize("1990-05-17T08:30:00Z", DAY).value()).isEqualTo("17");
  }

  @Test
  void aDayThatDoesNotExistIsRejected() {
    assertThat(DateOfBirthRule.normalize("1999-02-29", DAY).reason()).contains("no such day");
  }

  @Test
  void yearsRunFrom1900ToThisYear() {
    int thisYear = Year.now(ZoneOffset.UTC).getValue();

    assertThat(DateOfBirthRule.normalize(Integer.toString(thisYear), YEAR).isValid()).isTrue();
    assertThat(DateOfBirthRule.normalize(Integer.toString(thisYear + 1), YEAR).reason())
        .startsWith("year outside");
    assertThat(DateOfBirthRule.normalize("1899", YEAR).reason()).startsWith("year outside");
  }

  @Test
  void aTwoDigitYearIsRejectedRatherThanGuessed() {
    assertThat(DateOfBirthRule.normalize("90", YEAR).reason()).contains("4 digits");
    assertThat(DateOfBirthRule.normalize("05/17/90", MONTH).reason()).isEqualTo("not a date");
  }
}
