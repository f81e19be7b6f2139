package dev.matchlist.core.columns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.core.normalize.Normalized;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatePartTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1985-03-07",
        "1985/03/07",
        "19850307",
        "03/07/1985",
        "3/7/1985",
        "07.03.1985",
        " 1985-3-7 "
      })
  void readsTheSameDateFromEveryAcceptedShape(String cell) {
    assertThat(DatePart.YEAR.of(cell).value()).isEqualTo("1985");
    assertThat(DatePart.MONTH.of(cell).value()).isEqualTo("03");
    assertThat(DatePart.DAY.of(cell).value()).isEqualTo("07");
  }

  @ParameterizedTest
  @ValueSource(strings = {"27/03/1985", "1985-02-30", "March 3rd", "85-03-07", "1985"})
  void rejectsWhatIsNotAnUnambiguousDateWithoutQuotingIt(String cell) {
    Normalized result = DatePart.YEAR.of(cell);

    assertThat(result.isValid()).isFalse();
    assertThat(result.reason()).startsWith("not a date").doesNotContain(cell);
  }

  @Test
  void rejectsAnEmptyCell() {
    assertThat(DatePart.DAY.of("  ").reason()).isEqualTo("empty");
  }

  @Test
  void eachPartFillsItsOwnKey() {
    assertThat(DatePart.YEAR.key()).isEqualTo(dev.matchlist.core.SchemaKey.DOBY);
    assertThat(DatePart.MONTH.key()).isEqualTo(dev.matchlist.core.SchemaKey.DOBM);
    assertThat(DatePart.DAY.key()).isEqualTo(dev.matchlist.core.SchemaKey.DOBD);
  }
}
