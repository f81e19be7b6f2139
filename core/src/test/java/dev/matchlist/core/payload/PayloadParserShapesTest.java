package dev.matchlist.core.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.payload.ValidatedPayload.SchemaForm;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PayloadParserShapesTest {
  static final String H1 = "9b431636bd164765d63c573c346708846af4f68fe3701a77a3bdd7e7e5166254";
  static final String H2 = "8cc62c145cd0c6dc444168eaeb1b61b351f9b1809a579cc9b4c9e9d7213a39ee";
  static final String H3 = "4eaf70b1f7a797962b9d2a533f122c8039012b31e0a52b34a426729319cb792a";
  static final String H4 = "98df8d46f118f8bef552b0ec0a3d729466a912577830212a844b73960777ac56";

  /** The request of Meta's reference page for /users (the seed). */
  static final String SEED_PAYLOAD =
      "{\"schema\":[\"EMAIL\",\"LOOKALIKE_VALUE\"],\"data\":[[\""
          + H1
          + "\",44.5],[\""
          + H2
          + "\",140],[\""
          + H3
          + "\",0],[\""
          + H4
          + "\",0.9]]}";

  private final PayloadParser parser = new PayloadParser();

  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  static byte[] identifier(RowBlock rows, int column, int row) {
    byte[] out = new byte[32];
    rows.copyIdentifier(column, row, out, 0);
    return out;
  }

  @Test
  void seedRequestGivesFourRowsWithHashesAndValues() throws Exception {
    ValidatedPayload payload = parser.parse(SEED_PAYLOAD.getBytes(StandardCharsets.UTF_8));

    assertThat(payload.schema()).containsExactly(SchemaKey.EMAIL, SchemaKey.LOOKALIKE_VALUE);
    assertThat(payload.schemaForm()).isEqualTo(SchemaForm.KEY_ARRAY);
    assertThat(payload.rowsReceived()).isEqualTo(4);
    assertThat(payload.invalidEntries()).isZero();
    RowBlock rows = payload.rows();
    assertThat(rows.size()).isEqualTo(4);
    assertThat(identifier(rows, 0, 0)).isEqualTo(bytes(H1));
    assertThat(identifier(rows, 0, 3)).isEqualTo(bytes(H4));
    assertThat(rows.number(1, 0)).isEqualTo(44.5);
    assertThat(rows.number(1, 1)).isEqualTo(140.0);
    assertThat(rows.number(1, 2)).isEqualTo(0.0);
    assertThat(rows.isPresent(1, 2)).isTrue();
    assertThat(rows.number(1, 3)).isEqualTo(0.9);
  }

  @Test
  void seedRequestParsesTheSameFromMultiLineCurlText() throws Exception {
    String pretty = SEED_PAYLOAD.replace("[", "[\n  ").replace(",", ",\n  ").replace("]", "\n]");

    ValidatedPayload payload = parser.parse(pretty);

    assertThat(payload.rows().size()).isEqualTo(4);
    assertThat(identifier(payload.rows(), 0, 1)).isEqualTo(bytes(H2));
  }

  @Test
  void singleKeyStringSchemaWithFlatListOfHashes() throws Exception {
    ValidatedPayload payload =
        parser.parse("{\"schema\":\"EMAIL_SHA256\",\"data\":[\"" + H1 + "\",\"" + H2 + "\"]}");

    assertThat(payload.schema()).containsExactly(SchemaKey.EMAIL);
    assertThat(payload.schemaForm()).isEqualTo(SchemaForm.SINGLE_KEY);
    assertThat(payload.rows().size()).isEqualTo(2);
    assertThat(identifier(payload.rows(), 0, 1)).isEqualTo(bytes(H2));
  }

  @Test
  void singleKeySchemaWithListOfOneElementLists() throws Exception {
    ValidatedPayload payload =
        parser.parse("{\"schema\":\"PHONE_SHA256\",\"data\":[[\"" + H1 + "\"],[\"" + H3 + "\"]]}");

    assertThat(payload.schema()).containsExactly(SchemaKey.PHONE);
    assertThat(payload.rows().size()).isEqualTo(2);
    assertThat(identifier(payload.rows(), 0, 1)).isEqualTo(bytes(H3));
  }

  @Test
  void oneKeyArraySchemaIsReportedAsKeyArray() throws Exception {
    ValidatedPayload payload = parser.parse("{\"schema\":[\"EMAIL\"],\"data\":[\"" + H1 + "\"]}");

    assertThat(payload.schemaForm()).isEqualTo(SchemaForm.KEY_ARRAY);
    assertThat(payload.rows().size()).isEqualTo(1);
  }

  @Test
  void legacyAliasesInsideAKeyArrayResolve() throws Exception {
    ValidatedPayload payload =
        parser.parse(
            "{\"schema\":[\"EMAIL_SHA256\",\"PHONE_SHA256\",\"MOBILE_ADVERTISER_ID\",\"UID\"],"
                + "\"data\":[[\""
                + H1
                + "\",\""
                + H2
                + "\",\"6d92078a-8246-4ba4-ae5b-76104861e7dc\",\"12345\"]]}");

    assertThat(payload.schema())
        .containsExactly(SchemaKey.EMAIL, SchemaKey.PHONE, SchemaKey.MADID, SchemaKey.APPUID);
    assertThat(payload.rows().size()).isEqualTo(1);
  }

  @Test
  void uppercaseHexIsAcceptedAndDecodedLikeLowercase() throws Exception {
    ValidatedPayload payload =
        parser.parse("{\"schema\":\"EMAIL\",\"data\":[\"" + H1.toUpperCase() + "\"]}");

    assertThat(identifier(payload.rows(), 0, 0)).isEqualTo(bytes(H1));
  }

  @Test
  void multiKeyRowsKeepEveryColumn() throws Exception {
    ValidatedPayload payload =
        parser.parse(
            "{\"schema\":[\"EMAIL\",\"PHONE\",\"FN\",\"LN\",\"ZIP\"],\"data\":["
                + "[\""
                + H1
                + "\",\""
                + H2
                + "\",\""
                + H3
                + "\",\""
                + H4
                + "\",\"\"],"
                + "[\"\",\""
                + H4
                + "\",\"\",\"\",\""
                + H1
                + "\"]]}");

    RowBlock rows = payload.rows();
    assertThat(rows.size()).isEqualTo(2);
    assertThat(identifier(rows, 3, 0)).isEqualTo(bytes(H4));
    assertThat(rows.isPresent(4, 0)).isFalse();
    assertThat(identifier(rows, 4, 0)).isEqualTo(new byte[32]);
    assertThat(rows.isPresent(0, 1)).isFalse();
    assertThat(identifier(rows, 1, 1)).isEqualTo(bytes(H4));
    assertThat(identifier(rows, 4, 1)).isEqualTo(bytes(H1));
  }

  @Test
  void dataBeforeSchemaGivesTheSameRows() throws Exception {
    String schemaFirst = SEED_PAYLOAD;
    String dataFirst =
        "{\"data\""
            + SEED_PAYLOAD.substring(SEED_PAYLOAD.indexOf(":[["), SEED_PAYLOAD.length() - 1)
            + ",\"schema\":[\"EMAIL\",\"LOOKALIKE_VALUE\"]}";

    ValidatedPayload a = parser.parse(schemaFirst);
    ValidatedPayload b = parser.parse(dataFirst);

    assertThat(b.rows().size()).isEqualTo(4);
    for (int r = 0; r < 4; r++) {
      assertThat(identifier(b.rows(), 0, r)).isEqualTo(identifier(a.rows(), 0, r));
      assertThat(b.rows().number(1, r)).isEqualTo(a.rows().number(1, r));
    }
  }

  @Test
  void dataProcessingOptionsColumnsAreRead() throws Exception {
    ValidatedPayload payload =
        parser.parse(
            "{\"schema\":[\"EMAIL\",\"DATA_PROCESSING_OPTIONS\",\"DATA_PROCESSING_OPTIONS_COUNTRY\","
                + "\"DATA_PROCESSING_OPTIONS_STATE\"],\"data\":["
                + "[\""
                + H1
                + "\",[\"LDU\"],1,1000],"
                + "[\""
                + H2
                + "\",[],0,0],"
                + "[\""
                + H3
                + "\",[\"LDU\"],\"1\",\"1000\"]]}");

    RowBlock rows = payload.rows();
    assertThat(payload.invalidEntries()).isZero();
    assertThat(rows.options(1, 0)).isEqualTo(RowBlock.OPTION_LDU);
    assertThat(rows.integer(2, 0)).isEqualTo(1);
    assertThat(rows.integer(3, 0)).isEqualTo(1000);
    assertThat(rows.options(1, 1)).isZero();
    assertThat(rows.isPresent(1, 1)).isTrue();
    assertThat(rows.integer(3, 2)).isEqualTo(1000);
  }

  @Test
  void otherPayloadFieldsAreKeptAndUnknownOnesSkipped() throws Exception {
    ValidatedPayload payload =
        parser.parse(
            "{\"is_raw\":true,\"app_ids\":[123,\"456\"],\"page_ids\":[\"789\"],"
                + "\"metadata\":{\"calculated_date\":\"2026-01-01\",\"schema_version\":[1,{}]},"
                + "\"data_source\":{\"type\":\"FILE_IMPORTED\",\"sub_type\":\"ANYTHING\",\"x\":[]},"
                + "\"ig_account_ids\":[1],\"schema\":\"EMAIL\",\"data\":[\""
                + H1
                + "\"]}");

    assertThat(payload.isRaw()).isTrue();
    assertThat(payload.appIds()).containsExactly("123", "456");
    assertThat(payload.pageIds()).containsExactly("789");
    assertThat(payload.dataSource()).isEqualTo(new DataSource("FILE_IMPORTED", "ANYTHING"));
    assertThat(payload.rows().size()).isEqualTo(1);
  }

  @Test
  void absentOptionalFieldsHaveDefaults() throws Exception {
    ValidatedPayload payload = parser.parse("{\"schema\":\"EMAIL\",\"data\":[\"" + H1 + "\"]}");

    assertThat(payload.isRaw()).isFalse();
    assertThat(payload.appIds()).isEmpty();
    assertThat(payload.pageIds()).isEmpty();
    assertThat(payload.dataSource()).isNull();
  }

  @Test
  void payloadNestedInARequestBodyIsParsedFromAPositionedParser() throws Exception {
    String body =
        "{\"id\":\"123\",\"payload\":{\"schema\":\"EMAIL\",\"data\":[\""
            + H1
            + "\"]},\"session\":{\"session_id\":9}}";
    try (JsonParser json = new JsonFactory().createParser(body)) {
      json.nextToken();
      json.nextToken();
      json.nextToken();
      json.nextToken();
      json.nextToken(); // the payload's START_OBJECT

      ValidatedPayload payload = parser.parse(json, body.length());

      assertThat(payload.rows().size()).isEqualTo(1);
      assertThat(json.currentToken()).isEqualTo(JsonToken.END_OBJECT);
      assertThat(json.nextToken()).isEqualTo(JsonToken.FIELD_NAME);
      assertThat(json.currentName()).isEqualTo("session");
    }
  }

  @Test
  void payloadSentAsAJsonStringInsideABodyIsDecoded() throws Exception {
    String body =
        "{\"payload\":\"{\\\"schema\\\":\\\"EMAIL\\\",\\\"data\\\":[\\\"" + H1 + "\\\"]}\"}";
    try (JsonParser json = new JsonFactory().createParser(body)) {
      json.nextToken();
      json.nextToken();
      json.nextToken();

      ValidatedPayload payload = parser.parse(json, body.length());

      assertThat(identifier(payload.rows(), 0, 0)).isEqualTo(bytes(H1));
    }
  }

  @Test
  void byteSliceIsParsedWithoutTheSurroundingBytes() throws Exception {
    byte[] framed = ("xx" + SEED_PAYLOAD + "yy").getBytes(StandardCharsets.UTF_8);

    ValidatedPayload payload = parser.parse(framed, 2, framed.length - 4);

    assertThat(payload.rows().size()).isEqualTo(4);
  }

  @Test
  void growingPastTheInitialCapacityKeepsEveryRow() throws Exception {
    StringBuilder json = new StringBuilder("{\"schema\":[\"EMAIL\"],\"data\":[");
    for (int i = 0; i < 3000; i++) {
      json.append(i == 0 ? "" : ",").append('"').append(i % 2 == 0 ? H1 : H2).append('"');
    }
    json.append("]}");
    try (JsonParser p = new JsonFactory().createParser(json.toString())) {
      p.nextToken();

      ValidatedPayload payload = parser.parse(p, 0); // unknown input size: starts small and grows

      assertThat(payload.rows().size()).isEqualTo(3000);
      assertThat(identifier(payload.rows(), 0, 2999)).isEqualTo(bytes(H2));
      assertThat(payload.rows().originalRow(2999)).isEqualTo(2999);
    }
  }
}
