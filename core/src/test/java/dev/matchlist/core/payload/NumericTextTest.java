package dev.matchlist.core.payload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumericTextTest {
  @ParameterizedTest
  @ValueSource(strings = {"0", "0.9", "140", "44.5", ".5", "5.", "-1", "1e3", "1E-2", "007"})
  void decimalTextIsAccepted(String text) {
    assertThat(NumericText.isDecimal(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-",
        ".",
        "NaN",
        "Infinity",
        "0x1p3",
        "1d",
        "1f",
        " 1",
        "1 ",
        "1e",
        "+1",
        "1,5"
      })
  void textParseDoubleWouldTakeIsRefused(String text) {
    assertThat(NumericText.isDecimal(text)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1000", "123456789"})
  void smallIntegersAreAccepted(String text) {
    assertThat(NumericText.isSmallInteger(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", "1.0", "1234567890", "1e3", "１"})
  void otherIntegerTextIsRefused(String text) {
    assertThat(NumericText.isSmallInteger(text)).isFalse();
  }
}
