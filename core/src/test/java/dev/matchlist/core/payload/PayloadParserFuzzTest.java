package dev.matchlist.core.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes give a payload or a {@link PayloadException}, nothing else. Plain {@code mvn test} runs
 * this in regression mode over the committed inputs in {@code
 * src/test/resources/dev/matchlist/core/payload/PayloadParserFuzzTestInputs/}; {@code
 * JAZZER_FUZZ=1} fuzzes for real.
 */
class PayloadParserFuzzTest {
  private static final PayloadParser PARSER = new PayloadParser();

  @FuzzTest
  void anyBytesGiveAPayloadOrAPayloadException(byte[] input) {
    try {
      ValidatedPayload payload = PARSER.parse(input);
      assertThat(payload.rows().size() + payload.invalidEntries())
          .isEqualTo(payload.rowsReceived());
      assertThat(payload.rowsReceived()).isBetween(1, PayloadParser.MAX_ROWS);
      assertThat(payload.invalidSamples().size())
          .isLessThanOrEqualTo(Math.min(PayloadParser.MAX_SAMPLES, payload.invalidEntries()));
    } catch (PayloadException e) {
      assertThat(e.kind()).isNotNull();
      assertThat(e.getMessage())
          .isNotBlank()
          .doesNotContain("\tat ")
          .doesNotContain("INCLUDE_SOURCE_IN_LOCATION");
    }
  }
}
