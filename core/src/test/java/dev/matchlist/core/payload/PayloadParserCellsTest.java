package dev.matchlist.core.payload;

import static dev.matchlist.core.payload.PayloadParserShapesTest.H1;
import static dev.matchlist.core.payload.PayloadParserShapesTest.H2;
import static dev.matchlist.core.payload.PayloadParserShapesTest.bytes;
import static dev.matchlist.core.payload.PayloadParserShapesTest.identifier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.normalize.Normalizer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class PayloadParserCellsTest {
  private final PayloadParser parser = new PayloadParser();

  private ValidatedPayload parse(String schema, String... rows) throws Exception {
    return parser.parse("{\"schema\":" + schema + ",\"data\":[" + String.join(",", rows) + "]}");
  }

  private static String q(String s) {
    return "\"" + s + "\"";
  }

  private static byte[] sha256(String s) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void plainEmailInAHashedColumnIsRejectedWithAHint() throws Exception {
    ValidatedPayload payload = parse(q("EMAIL"), q(H1), q("mary@example.com"));

    assertThat(payload.rowsReceived()).isEqualTo(2);
    assertThat(payload.rows().size()).isEqualTo(1);
    assertThat(payload.invalidEntries()).isEqualTo(1);
    InvalidEntry sample = payload.invalidSamples().get(0);
    assertThat(sample.row()).isEqualTo(1);
    assertThat(sample.key()).isEqualTo(SchemaKey.EMAIL);
    assertThat(sample.value()).isEqualTo("mary@example.com");
    assertThat(sample.reason()).contains("plain email").contains("hash");
  }

  @Test
  void shortTextInAHashedColumnAsksWhetherItWasHashed() throws Exception {
    InvalidEntry sample = parse(q("PHONE"), q("15559876543")).invalidSamples().get(0);

    assertThat(sample.reason())
        .isEqualTo(
            "not a 64-character hex SHA-256 (it has 11 characters); did you forget to hash?");
  }

  @Test
  void sixtyFourNonHexCharactersAreRejected() throws Exception {
    String almost = H1.substring(0, 63) + "g";

    InvalidEntry sample = parse(q("EMAIL"), q(almost)).invalidSamples().get(0);

    assertThat(sample.reason()).contains("other than 0-9 and a-f");
  }

  @Test
  void md5LookingValueIsCalledOut() throws Exception {
    InvalidEntry sample =
        parse(q("EMAIL"), q("0123456789abcdef0123456789abcdef")).invalidSamples().get(0);

    assertThat(sample.reason()).contains("MD5");
  }

  @Test
  void numberInAHashedColumnIsAnInvalidCell() throws Exception {
    ValidatedPayload payload = parse(q("EMAIL"), "12345");

    assertThat(payload.invalidEntries()).isEqualTo(1);
    assertThat(payload.invalidSamples().get(0).value()).isEqualTo("12345");
    assertThat(payload.invalidSamples().get(0).reason())
        .isEqualTo("a number, but EMAIL needs a 64-character hex SHA-256 string");
  }

  @Test
  void emptyAndNullCellsAreAbsentNotInvalid() throws Exception {
    ValidatedPayload payload =
        parse("[\"EMAIL\",\"PHONE\"]", "[\"\"," + q(H1) + "]", "[null," + q(H2) + "]");

    assertThat(payload.invalidEntries()).isZero();
    assertThat(payload.rows().isPresent(0, 0)).isFalse();
    assertThat(payload.rows().isPresent(0, 1)).isFalse();
    assertThat(payload.rows().isPresent(1, 1)).isTrue();
  }

  @Test
  void hashOfTheEmptyStringCountsAsAnAbsentCell() throws Exception {
    String emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    ValidatedPayload payload =
        parse(
            "[\"EMAIL\",\"PHONE\"]",
            "[" + q(emptyHash) + "," + q(H1) + "]",
            q(emptyHash).replace("\"e", "[\"e") + "," + q(emptyHash) + "]");

    assertThat(payload.rows().size()).isEqualTo(1);
    assertThat(payload.rows().isPresent(0, 0)).isFalse();
    assertThat(payload.invalidSamples().get(0).reason()).startsWith("no identifier in this row");
  }

  @Test
  void rowWithNoIdentifierIsRejectedAsAWhole() throws Exception {
    ValidatedPayload payload = parse("[\"EMAIL\",\"LOOKALIKE_VALUE\"]", "[\"\",44.5]");

    assertThat(payload.rows().size()).isZero();
    InvalidEntry sample = payload.invalidSamples().get(0);
    assertThat(sample.key()).isNull();
    assertThat(sample.value()).isEmpty();
    assertThat(sample.reason()).startsWith("no identifier in this row");
  }

  @Test
  void rowWithSeveralBadCellsCountsOnceAndNamesItsFirstBadCell() throws Exception {
    ValidatedPayload payload = parse("[\"EMAIL\",\"PHONE\",\"FN\"]", "[" + q(H1) + ",\"x\",\"y\"]");

    assertThat(payload.invalidEntries()).isEqualTo(1);
    assertThat(payload.invalidSamples()).hasSize(1);
    assertThat(payload.invalidSamples().get(0).key()).isEqualTo(SchemaKey.PHONE);
    assertThat(payload.invalidSamples().get(0).value()).isEqualTo("x");
  }

  @Test
  void samplesStopAtOneHundredButEveryBadRowIsCounted() throws Exception {
    String[] rows = new String[250];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i % 2 == 0 ? q("bad" + i) : q(H1);
    }

    ValidatedPayload payload = parse(q("EMAIL"), rows);

    assertThat(payload.invalidEntries()).isEqualTo(125);
    assertThat(payload.invalidSamples()).hasSize(100);
    assertThat(payload.invalidSamples().get(99).row()).isEqualTo(198);
    assertThat(payload.rows().size()).isEqualTo(125);
    assertThat(payload.rows().originalRow(124)).isEqualTo(249);
  }

  @Test
  void longSampleValuesAreShortened() throws Exception {
    String longText = "x".repeat(500);

    InvalidEntry sample = parse(q("EMAIL"), q(longText)).invalidSamples().get(0);

    assertThat(sample.value()).hasSize(80).endsWith("…");
    assertThat(sample.reason()).contains("500 characters");
  }

  @Test
  void validRowsKeepTheirOriginalIndex() throws Exception {
    ValidatedPayload payload = parse(q("EMAIL"), q("x"), q(H1), q(""), q(H2));

    assertThat(payload.rows().size()).isEqualTo(2);
    assertThat(payload.rows().originalRow(0)).isEqualTo(1);
    assertThat(payload.rows().originalRow(1)).isEqualTo(3);
    assertThat(identifier(payload.rows(), 0, 1)).isEqualTo(bytes(H2));
  }

  @Test
  void rejectedRowLeavesNoTraceInTheNextRow() throws Exception {
    // Row 0 writes EMAIL then fails on PHONE; row 1 reuses the slot with an empty EMAIL.
    ValidatedPayload payload =
        parse("[\"EMAIL\",\"PHONE\"]", "[" + q(H1) + ",\"bad\"]", "[\"\"," + q(H2) + "]");

    assertThat(payload.rows().size()).isEqualTo(1);
    assertThat(payload.rows().isPresent(0, 0)).isFalse();
    assertThat(identifier(payload.rows(), 0, 0)).isEqualTo(new byte[32]);
  }

  @Test
  void clearIdentifiersAreStoredAsTheHashOfTheirNormalizedValue() throws Exception {
    String externId = "  CRM-000123 ";
    String expected = Normalizer.standard().normalize(SchemaKey.EXTERN_ID, externId).value();

    ValidatedPayload payload = parse("[\"EXTERN_ID\"]", q(externId), "98765");

    assertThat(identifier(payload.rows(), 0, 0)).isEqualTo(sha256(expected));
    assertThat(identifier(payload.rows(), 0, 1)).isEqualTo(sha256("98765"));
  }

  @Test
  void clearIdentifierRejectedByTheNormalizerRejectsTheRow() throws Exception {
    ValidatedPayload payload = parse("[\"MADID\"]", q("   "));

    assertThat(payload.invalidEntries()).isEqualTo(1);
    assertThat(payload.invalidSamples().get(0).reason()).startsWith("MADID is not valid: ");
  }

  @Test
  void lookalikeValueAcceptsNumbersAndNumericStrings() throws Exception {
    ValidatedPayload payload =
        parse(
            "[\"EMAIL\",\"LOOKALIKE_VALUE\"]",
            "[" + q(H1) + ",\"0.9\"]",
            "[" + q(H1) + ",1e2]",
            "[" + q(H1) + ",\"\"]");

    assertThat(payload.rows().number(1, 0)).isEqualTo(0.9);
    assertThat(payload.rows().number(1, 1)).isEqualTo(100.0);
    assertThat(payload.rows().isPresent(1, 2)).isFalse();
  }

  @Test
  void lookalikeValueRefusesNegativesTextAndNonFiniteValues() throws Exception {
    ValidatedPayload payload =
        parse(
            "[\"EMAIL\",\"LOOKALIKE_VALUE\"]",
            "[" + q(H1) + ",-1]",
            "[" + q(H1) + ",\"NaN\"]",
            "[" + q(H1) + ",\"12 \"]",
            "[" + q(H1) + ",1e400]",
            "[" + q(H1) + ",true]");

    assertThat(payload.rows().size()).isZero();
    assertThat(payload.invalidSamples())
        .extracting(InvalidEntry::reason)
        .containsExactly(
            "LOOKALIKE_VALUE must not be negative",
            "not a number; LOOKALIKE_VALUE needs a number such as 44.5",
            "not a number; LOOKALIKE_VALUE needs a number such as 44.5",
            "LOOKALIKE_VALUE is too large to be a number",
            "a boolean, but LOOKALIKE_VALUE needs a non-negative number");
  }

  @Test
  void dataProcessingOptionsMustBeAnArrayOfLdu() throws Exception {
    ValidatedPayload payload =
        parse(
            "[\"EMAIL\",\"DATA_PROCESSING_OPTIONS\"]",
            "[" + q(H1) + ",\"LDU\"]",
            "[" + q(H1) + ",[\"XYZ\"]]",
            "[" + q(H1) + ",[[\"LDU\"]]]",
            "[" + q(H1) + ",[\"LDU\",\"LDU\"]]");

    assertThat(payload.invalidEntries()).isEqualTo(3);
    assertThat(payload.invalidSamples().get(0).reason())
        .isEqualTo("a string, but DATA_PROCESSING_OPTIONS needs an array: [\"LDU\"] or []");
    assertThat(payload.invalidSamples().get(1).value()).isEqualTo("XYZ");
    assertThat(payload.rows().options(1, 0)).isEqualTo(RowBlock.OPTION_LDU);
  }

  @Test
  void dataProcessingCodesOutsideTheirRangeAreRejected() throws Exception {
    String schema =
        "[\"EMAIL\",\"DATA_PROCESSING_OPTIONS_COUNTRY\",\"DATA_PROCESSING_OPTIONS_STATE\"]";
    ValidatedPayload payload =
        parse(
            schema,
            "[" + q(H1) + ",2,1000]",
            "[" + q(H1) + ",1,999]",
            "[" + q(H1) + ",1.5,1000]",
            "[" + q(H1) + ",99999999999,0]",
            "[" + q(H1) + ",1,1013]");

    assertThat(payload.invalidEntries()).isEqualTo(4);
    assertThat(payload.invalidSamples().get(0).reason()).contains("must be 1 (United States)");
    assertThat(payload.invalidSamples().get(1).key())
        .isEqualTo(SchemaKey.DATA_PROCESSING_OPTIONS_STATE);
    assertThat(payload.rows().integer(2, 0)).isEqualTo(1013);
  }

  @Test
  void countryWithoutStateIsRejected() throws Exception {
    ValidatedPayload payload =
        parse(
            "[\"EMAIL\",\"DATA_PROCESSING_OPTIONS_COUNTRY\",\"DATA_PROCESSING_OPTIONS_STATE\"]",
            "[" + q(H1) + ",1,\"\"]");

    assertThat(payload.invalidEntries()).isEqualTo(1);
    assertThat(payload.invalidSamples().get(0).key())
        .isEqualTo(SchemaKey.DATA_PROCESSING_OPTIONS_COUNTRY);
    assertThat(payload.invalidSamples().get(0).reason()).contains("set both");
  }

  @Test
  void objectCellIsRejectedAndSkippedWhole() throws Exception {
    ValidatedPayload payload =
        parse("[\"EMAIL\",\"PHONE\"]", "[{\"a\":[1,2]}," + q(H1) + "]", "[" + q(H2) + ",\"\"]");

    assertThat(payload.invalidEntries()).isEqualTo(1);
    assertThat(payload.invalidSamples().get(0).value()).isEqualTo("{…}");
    assertThat(payload.rows().size()).isEqualTo(1);
  }
}
