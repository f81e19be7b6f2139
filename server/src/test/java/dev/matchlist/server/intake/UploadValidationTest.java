package dev.matchlist.server.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Uploads refused whole (code 100, 2650) and rows refused alone (counted, sampled, not stored). */
class UploadValidationTest extends UploadsTestBase {

  @Test
  void aMissingPayloadIsMetasMissingParameterError() throws Exception {
    JsonNode error = error(postForm(multiKey.id(), "users", "session", session(1, 1, false)));

    assertThat(error.get("code").asInt()).isEqualTo(100);
    assertThat(error.get("message").asText())
        .isEqualTo("(#100) Missing required parameter: payload");
    assertThat(error.get("type").asText()).isEqualTo("OAuthException");
  }

  @Test
  void aRowOfTheWrongLengthNamesTheRowAndTheCounts() throws Exception {
    String payload =
        "{\"schema\":[\"EMAIL\",\"PHONE\"],\"data\":[[\"\",\"\"],[\"a\",\"b\",\"c\"]]}";

    JsonNode error = error(postForm(multiKey.id(), "users", "payload", payload));

    assertThat(error.get("code").asInt()).isEqualTo(100);
    assertThat(error.get("message").asText())
        .startsWith("(#100) Data is missing or does not match schema: row ")
        .contains("has 3 values but the schema has 2 keys");
    assertThat(fixture.storedBatches()).isEmpty();
  }

  @Test
  void anUnknownKeyListsTheKeysMetaAccepts() throws Exception {
    String payload = "{\"schema\":[\"EMAIL_ADDRESS\"],\"data\":[[\"x\"]]}";

    JsonNode error = error(postForm(multiKey.id(), "users", "payload", payload));

    assertThat(error.get("message").asText())
        .startsWith("(#100) Raw PII type is invalid, it should be one of ")
        .contains("EXTERN_ID,EMAIL")
        .contains("EMAIL_ADDRESS");
  }

  @Test
  void moreThanTenThousandRowsNamesTheLimitAndSessions() throws Exception {
    String payload = emailRows(hashes("many", 10_001));

    JsonNode error = error(postForm(multiKey.id(), "users", "payload", payload));

    assertThat(error.get("code").asInt()).isEqualTo(100);
    assertThat(error.get("message").asText()).contains("10000").contains("session");
    assertThat(fixture.storedBatches()).isEmpty();
  }

  @Test
  void aNestedJsonPayloadOverTheLimitIsRefusedAfterTheTokenIsChecked() throws Exception {
    // The Node SDK's shape: the payload nested in a JSON body, parsed as the body is read.
    String payload = emailRows(hashes("nested", 10_001));
    String path = "/v21.0/" + multiKey.id() + "/users";

    JsonNode badToken =
        error(
            send(
                "POST",
                path,
                "application/json",
                "{\"payload\":" + payload + ",\"access_token\":\"EAAnotatoken\"}"));
    JsonNode tooMany =
        error(
            send(
                "POST",
                path,
                "application/json",
                "{\"payload\":" + payload + ",\"access_token\":\"" + token + "\"}"));

    assertThat(badToken.get("code").asInt()).isEqualTo(190);
    assertThat(tooMany.get("code").asInt()).isEqualTo(100);
    assertThat(tooMany.get("message").asText()).contains("10000").contains("session");
    assertThat(fixture.storedBatches()).isEmpty();
  }

  @Test
  void exactlyTenThousandRowsAreAccepted() throws Exception {
    JsonNode answer =
        ok(postForm(multiKey.id(), "users", "payload", emailRows(hashes("n", 10_000))));

    assertThat(answer.get("num_received").asInt()).isEqualTo(10_000);
  }

  @Test
  void aPayloadThatIsNotJsonSaysWhere() throws Exception {
    JsonNode error = error(postForm(multiKey.id(), "users", "payload", "{\"schema\":[\"EMAIL\"],"));

    assertThat(error.get("code").asInt()).isEqualTo(100);
    assertThat(error.get("message").asText()).startsWith("(#100) ").contains("line 1");
  }

  @Test
  void aSingleKeyUploadIntoAMultiKeyAudienceIs2650WithMetasWording() throws Exception {
    ok(postForm(multiKey.id(), "users", "payload", emailRows(hashes("first", 1))));

    JsonNode error =
        error(postForm(multiKey.id(), "users", "payload", singleKeyPayload(hashes("second", 1))));

    assertThat(error.get("code").asInt()).isEqualTo(2650);
    assertThat(error.get("message").asText())
        .isEqualTo(
            "(#2650) Failed to update the custom audience: This audience was created from data"
                + " source FILE_IMPORTED.MULTI_HASHES, which does not support data source"
                + " FILE_IMPORTED.HASHES_OR_USER_IDS.");
    assertThat(fixture.storedBatches()).hasSize(1);
  }

  @Test
  void aRefusedFirstUploadDoesNotFixTheDataSource() throws Exception {
    error(postForm(multiKey.id(), "users", "payload", "{\"schema\":\"EMAIL\",\"data\":[]}"));

    ok(postForm(multiKey.id(), "users", "payload", emailRows(hashes("later", 1))));

    assertThat(catalog.audience(multiKey.id()).orElseThrow().dataSource())
        .isEqualTo("FILE_IMPORTED.MULTI_HASHES");
  }

  @Test
  void appScopedIdsNeedAppIdsAndPageScopedIdsNeedPageIds() throws Exception {
    JsonNode app =
        error(
            postForm(
                multiKey.id(),
                "users",
                "payload",
                "{\"schema\":[\"APPUID\"],\"data\":[[\"123\"]]}"));
    JsonNode page =
        error(
            postForm(
                multiKey.id(),
                "users",
                "payload",
                "{\"schema\":[\"PAGEUID\"],\"data\":[[\"123\"]]}"));
    JsonNode withApp =
        ok(
            postForm(
                multiKey.id(),
                "users",
                "payload",
                "{\"schema\":[\"APPUID\"],\"app_ids\":[\"42\"],\"data\":[[\"123\"]]}"));

    assertThat(app.get("code").asInt()).isEqualTo(100);
    assertThat(app.get("message").asText()).contains("app_ids");
    assertThat(page.get("message").asText()).contains("page_ids");
    assertThat(withApp.get("num_received").asInt()).isEqualTo(1);
  }

  @Test
  void valueBasedAudiencesNeedValuesAndOthersRefuseThem() throws Exception {
    JsonNode noValue =
        error(postForm(valueBased.id(), "users", "payload", emailRows(hashes("v", 1))));
    JsonNode value =
        error(
            postForm(
                multiKey.id(),
                "users",
                "payload",
                "{\"schema\":[\"EMAIL\",\"LOOKALIKE_VALUE\"],\"data\":[[\""
                    + sha("x")
                    + "\",3]]}"));

    assertThat(noValue.get("code").asInt()).isEqualTo(100);
    assertThat(noValue.get("message").asText()).contains("LOOKALIKE_VALUE").contains("value-based");
    assertThat(value.get("message").asText()).contains("not value-based");
  }

  @Test
  void invalidRowsAreCountedSampledByValueWithTheirColumnAndNeverStored() throws Exception {
    String good = sha("ok@example.com");
    String payload =
        "{\"schema\":[\"EMAIL\",\"PHONE\"],\"data\":[[\""
            + good
            + "\",\"\"],[\"plain@example.com\",\"\"],[\"\",\"\"],[\""
            + good
            + "\",\"12345\"]]}";

    JsonNode answer = ok(postForm(multiKey.id(), "users", "payload", payload));

    assertThat(answer.get("num_received").asInt()).isEqualTo(4);
    assertThat(answer.get("num_invalid_entries").asInt()).isEqualTo(3);
    JsonNode samples = answer.get("invalid_entry_samples");
    assertThat(samples.fieldNames())
        .toIterable()
        .containsExactly("plain@example.com", "data[2]", "12345");
    assertThat(samples.get("plain@example.com").asText()).startsWith("data[1], column EMAIL: ");
    assertThat(samples.get("12345").asText()).startsWith("data[3], column PHONE: ");
    List<IntakeBatch> stored = fixture.storedBatches();
    assertThat(stored.get(0).rows().size()).isEqualTo(1);
    assertThat(stored.get(0).rowsReceived()).isEqualTo(4);
  }

  @Test
  void badSessionValuesAreCode100NamingTheField() throws Exception {
    String payload = emailRows(hashes("s", 1));
    List<String> bad =
        List.of(
            "{\"session_id\":-5}",
            "{\"session_id\":\"abc\"}",
            "{\"session_id\":99999999999999999999}",
            "{\"session_id\":1,\"batch_seq\":0}",
            "{\"session_id\":1,\"last_batch_flag\":\"maybe\"}",
            "[1]");

    for (String session : bad) {
      JsonNode error =
          error(postForm(multiKey.id(), "users", "payload", payload, "session", session));
      assertThat(error.get("code").asInt()).as(session).isEqualTo(100);
      assertThat(error.get("message").asText()).as(session).contains("session");
    }
    assertThat(fixture.storedBatches()).isEmpty();
  }

  @Test
  void aSessionIdAsAStringOrAsJsonTextInAStringIsTheSameSession() throws Exception {
    String payload = emailRows(hashes("s", 1));

    ok(
        postForm(
            multiKey.id(),
            "users",
            "payload",
            payload,
            "session",
            "{\"session_id\":\"9007199254740993\",\"batch_seq\":1}"));
    JsonNode second =
        ok(
            postForm(
                multiKey.id(),
                "users",
                "payload",
                payload,
                "session",
                "\"{\\\"session_id\\\":9007199254740993,\\\"batch_seq\\\":2}\""));

    assertThat(second.get("session_id").asText()).isEqualTo("9007199254740993");
    assertThat(second.get("num_received").asInt()).isEqualTo(2);
  }
}
