package dev.matchlist.core.payload;

import static dev.matchlist.core.payload.PayloadParserShapesTest.H1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.matchlist.core.payload.PayloadException.Kind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadParserErrorsTest {
  private final PayloadParser parser = new PayloadParser();

  private PayloadException failure(String json) {
    return catchThrowableOfType(
        PayloadException.class, () -> parser.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static String rows(int count) {
    StringBuilder json = new StringBuilder("{\"schema\":\"EMAIL\",\"data\":[");
    for (int i = 0; i < count; i++) {
      json.append(i == 0 ? "\"" : ",\"").append(H1).append('"');
    }
    return json.append("]}").toString();
  }

  @Test
  void brokenJsonSaysLineAndColumn() {
    PayloadException e = failure("{\"schema\":\"EMAIL\",\n\"data\":[\"a\" \"b\"]}");

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_JSON);
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isGreaterThan(1);
    assertThat(e.getMessage()).startsWith("payload is not valid JSON at line 2, column ");
    assertThat(e.getMessage()).doesNotContain("Source").doesNotContain("\n");
  }

  @Test
  void unclosedObjectSaysWhereItOpenedWithoutParserInternals() {
    PayloadException e = failure("{\"schema\":\"EMAIL\"");

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_JSON);
    assertThat(e.getMessage())
        .contains("expected close marker for Object (opened at line 1, column 1)")
        .doesNotContain("Source")
        .doesNotContain("REDACTED");
  }

  @Test
  void emptyInputIsMalformed() {
    assertThat(failure("").kind()).isEqualTo(Kind.MALFORMED_JSON);
  }

  @Test
  void textAfterThePayloadIsMalformed() {
    PayloadException e = failure("{\"schema\":\"EMAIL\",\"data\":[\"" + H1 + "\"]} {}");

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_JSON);
    assertThat(e.getMessage()).contains("after its closing");
  }

  @Test
  void truncatedPayloadIsMalformed() {
    assertThat(failure("{\"schema\":\"EMAIL\",\"data\":[\"" + H1).kind())
        .isEqualTo(Kind.MALFORMED_JSON);
  }

  @Test
  void repeatedDataFieldIsRefused() {
    PayloadException e = failure("{\"schema\":\"EMAIL\",\"data\":[\"\"],\"data\":[\"\"]}");

    assertThat(e.getMessage()).contains("two \"data\" fields");
  }

  @Test
  void arrayIsNotAnObject() {
    PayloadException e = failure("[\"" + H1 + "\"]");

    assertThat(e.kind()).isEqualTo(Kind.NOT_AN_OBJECT);
    assertThat(e.getMessage()).contains("not an array");
  }

  @Test
  void missingSchemaIsNamed() {
    PayloadException e = failure("{\"data\":[\"" + H1 + "\"]}");

    assertThat(e.kind()).isEqualTo(Kind.MISSING_SCHEMA);
    assertThat(e.getMessage()).contains("no \"schema\"");
  }

  @Test
  void emptySchemaArrayIsRefused() {
    assertThat(failure("{\"schema\":[],\"data\":[\"" + H1 + "\"]}").kind())
        .isEqualTo(Kind.EMPTY_SCHEMA);
  }

  @Test
  void emptySchemaStringIsRefused() {
    assertThat(failure("{\"schema\":\"\",\"data\":[\"" + H1 + "\"]}").kind())
        .isEqualTo(Kind.EMPTY_SCHEMA);
  }

  @Test
  void unknownKeyListsTheAcceptedNamesAndTheCulprit() {
    PayloadException e = failure("{\"schema\":[\"EMAIL\",\"EMAIL_ADDRESS\"],\"data\":[]}");

    assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_KEY);
    assertThat(e.getMessage())
        .startsWith("Raw PII type is invalid, it should be one of EXTERN_ID,EMAIL,")
        .contains("\"EMAIL_ADDRESS\" at schema[1]");
  }

  @Test
  void keyNamesAreCaseSensitiveAsOnTheWire() {
    assertThat(failure("{\"schema\":\"email\",\"data\":[\"" + H1 + "\"]}").kind())
        .isEqualTo(Kind.UNKNOWN_KEY);
  }

  @Test
  void aliasAndItsKeyTogetherAreADuplicate() {
    PayloadException e = failure("{\"schema\":[\"EMAIL\",\"EMAIL_SHA256\"],\"data\":[]}");

    assertThat(e.kind()).isEqualTo(Kind.DUPLICATE_KEY);
    assertThat(e.getMessage()).contains("EMAIL twice (schema[0] and schema[1])");
  }

  @Test
  void nonStringSchemaEntryIsAWrongType() {
    PayloadException e = failure("{\"schema\":[\"EMAIL\",7],\"data\":[]}");

    assertThat(e.kind()).isEqualTo(Kind.WRONG_TYPE);
    assertThat(e.getMessage()).startsWith("schema[1] is a number");
  }

  @Test
  void missingDataIsNamed() {
    PayloadException e = failure("{\"schema\":\"EMAIL\"}");

    assertThat(e.kind()).isEqualTo(Kind.MISSING_DATA);
    assertThat(e.getMessage()).contains("no \"data\"");
  }

  @Test
  void emptyDataIsMissingData() {
    PayloadException e = failure("{\"schema\":\"EMAIL\",\"data\":[]}");

    assertThat(e.kind()).isEqualTo(Kind.MISSING_DATA);
    assertThat(e.getMessage()).contains("data is empty");
  }

  @Test
  void dataThatIsNotAnArrayIsAWrongType() {
    PayloadException e = failure("{\"schema\":\"EMAIL\",\"data\":\"" + H1 + "\"}");

    assertThat(e.kind()).isEqualTo(Kind.WRONG_TYPE);
    assertThat(e.getMessage()).isEqualTo("data is a string; it must be an array of rows");
  }

  @Test
  void tenThousandRowsAreAccepted() throws Exception {
    assertThat(parser.parse(rows(10_000)).rowsReceived()).isEqualTo(10_000);
  }

  @Test
  void rowTenThousandAndOneIsTooMany() {
    PayloadException e = failure(rows(10_001));

    assertThat(e.kind()).isEqualTo(Kind.TOO_MANY_ROWS);
    assertThat(e.getMessage()).contains("more than 10000 rows").contains("session");
  }

  @Test
  void rowLongerThanTheSchemaSaysWhichRowAndHowLong() {
    StringBuilder json = new StringBuilder("{\"schema\":[\"EMAIL\",\"PHONE\"],\"data\":[");
    for (int i = 0; i < 17; i++) {
      json.append("[\"\",\"").append(H1).append("\"],");
    }
    json.append("[\"").append(H1).append("\",\"\",\"\"]]}");

    PayloadException e = failure(json.toString());

    assertThat(e.kind()).isEqualTo(Kind.ROW_LENGTH_MISMATCH);
    assertThat(e.getMessage())
        .isEqualTo(
            "Data is missing or does not match schema: row 17 has 3 values but the schema has 2"
                + " keys");
  }

  @Test
  void rowShorterThanTheSchemaIsAMismatch() {
    PayloadException e = failure("{\"schema\":[\"EMAIL\",\"PHONE\"],\"data\":[[\"" + H1 + "\"]]}");

    assertThat(e.kind()).isEqualTo(Kind.ROW_LENGTH_MISMATCH);
    assertThat(e.getMessage()).contains("row 0 has 1 value but the schema has 2 keys");
  }

  @Test
  void bareValueUnderAMultiKeySchemaIsAMismatch() {
    PayloadException e = failure("{\"schema\":[\"EMAIL\",\"PHONE\"],\"data\":[\"" + H1 + "\"]}");

    assertThat(e.kind()).isEqualTo(Kind.ROW_LENGTH_MISMATCH);
    assertThat(e.getMessage()).contains("row 0 is a single value but the schema has 2 keys");
  }

  @Test
  void emptyRowUnderASingleKeySchemaIsAMismatch() {
    assertThat(failure("{\"schema\":\"EMAIL\",\"data\":[[]]}").kind())
        .isEqualTo(Kind.ROW_LENGTH_MISMATCH);
  }

  @Test
  void nonArrayIdListIsAWrongType() {
    PayloadException e =
        failure("{\"schema\":\"EMAIL\",\"app_ids\":{\"a\":1},\"data\":[\"" + H1 + "\"]}");

    assertThat(e.kind()).isEqualTo(Kind.WRONG_TYPE);
    assertThat(e.getMessage()).startsWith("app_ids is an object");
  }

  @Test
  void nonBooleanIsRawIsAWrongType() {
    assertThat(failure("{\"schema\":\"EMAIL\",\"is_raw\":[],\"data\":[\"" + H1 + "\"]}").kind())
        .isEqualTo(Kind.WRONG_TYPE);
  }

  @Test
  void nonObjectDataSourceIsAWrongType() {
    assertThat(
            failure("{\"schema\":\"EMAIL\",\"data_source\":\"X\",\"data\":[\"" + H1 + "\"]}")
                .kind())
        .isEqualTo(Kind.WRONG_TYPE);
  }

  @Test
  void payloadStringThatIsNotAnObjectIsRefused() {
    assertThat(failure("\"{}\"").kind()).isEqualTo(Kind.NOT_AN_OBJECT);
  }
}
