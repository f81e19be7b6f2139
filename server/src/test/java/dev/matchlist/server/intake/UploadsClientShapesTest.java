package dev.matchlist.server.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Uploads as each client of spec §5.2 and §7 sends them, stored and answered as Meta does. */
class UploadsClientShapesTest extends UploadsTestBase {

  @Test
  void theSeedsFormPostOfEmailAndValueIntoAValueBasedAudienceIsAnsweredLikeMeta() throws Exception {
    String payload =
        "{\"schema\":[\"EMAIL\",\"LOOKALIKE_VALUE\"],\"data\":[[\""
            + sha("a@example.com")
            + "\",44.5],[\""
            + sha("b@example.com")
            + "\",\"0.9\"]]}";

    HttpResponse<String> response =
        send(
            "POST",
            "/v21.0/" + valueBased.id() + "/users",
            "application/x-www-form-urlencoded",
            "payload="
                + URLEncoder.encode(payload, StandardCharsets.UTF_8)
                + "&access_token="
                + token);

    JsonNode answer = ok(response);
    assertThat(answer.fieldNames())
        .toIterable()
        .containsExactly(
            "audience_id",
            "session_id",
            "num_received",
            "num_invalid_entries",
            "invalid_entry_samples");
    assertThat(answer.get("audience_id").isTextual()).isTrue();
    assertThat(answer.get("audience_id").asText()).isEqualTo(valueBased.id());
    assertThat(answer.get("session_id").isTextual()).isTrue();
    assertThat(answer.get("session_id").asText()).matches("[1-9][0-9]{18}");
    assertThat(answer.get("num_received").isInt()).isTrue();
    assertThat(answer.get("num_received").asInt()).isEqualTo(2);
    assertThat(answer.get("num_invalid_entries").asInt()).isZero();
    assertThat(answer.get("invalid_entry_samples").isObject()).isTrue();
    assertThat(answer.get("invalid_entry_samples").size()).isZero();
    IntakeBatch stored = fixture.storedBatches().get(0);
    assertThat(stored.operation()).isEqualTo(Operation.ADD);
    assertThat(stored.sessionId()).isEqualTo(answer.get("session_id").asLong());
    assertThat(stored.rows().number(1, 0)).isEqualTo(44.5);
    assertThat(stored.rows().number(1, 1)).isEqualTo(0.9);
    assertThat(catalog.audience(valueBased.id()).orElseThrow().dataSource())
        .isEqualTo("FILE_IMPORTED.MULTI_HASHES");
  }

  @Test
  void pythonSdkFormPostAndQueryStringDeleteAreAnAddAndARemove() throws Exception {
    List<String> hashes = hashes("py", 3);
    String payload =
        "{\"data\":[\"" + String.join("\",\"", hashes) + "\"],\"schema\":\"EMAIL_SHA256\"}";

    JsonNode added =
        ok(
            send(
                "POST",
                "/v21.0/" + multiKey.id() + "/users?access_token=" + token,
                "application/x-www-form-urlencoded",
                form("payload", payload)));
    JsonNode removed = ok(queryStringDelete(multiKey.id(), payload));

    assertThat(added.get("num_received").asInt()).isEqualTo(3);
    assertThat(removed.get("num_received").asInt()).isEqualTo(3);
    assertThat(removed.get("session_id").asText()).isNotEqualTo(added.get("session_id").asText());
    assertThat(fixture.storedBatches())
        .extracting(IntakeBatch::operation)
        .containsExactly(Operation.ADD, Operation.REMOVE);
    assertThat(catalog.audience(multiKey.id()).orElseThrow().dataSource())
        .isEqualTo("FILE_IMPORTED.HASHES_OR_USER_IDS");
  }

  @Test
  void postWithMethodDeleteRemoves() throws Exception {
    ok(postForm(multiKey.id(), "users", "method", "DELETE", "payload", emailRows(hashes("m", 1))));

    assertThat(fixture.storedBatches().get(0).operation()).isEqualTo(Operation.REMOVE);
  }

  static String multipart(String boundary, String... namesAndValues) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      body.append("--").append(boundary).append("\r\n");
      body.append("Content-Disposition: form-data; name=\"")
          .append(namesAndValues[i])
          .append("\"\r\n\r\n")
          .append(namesAndValues[i + 1])
          .append("\r\n");
    }
    return body.append("--").append(boundary).append("--\r\n").toString();
  }

  @Test
  void javaSdkMultipartPostAndMultipartDeleteWithTheTokenAsAPart() throws Exception {
    String boundary = "--------------------------1588273932";
    String payload = emailRows(hashes("java", 2));
    String body =
        multipart(
            boundary, "payload", payload, "session", session(77, 1, true), "access_token", token);
    String removeBody = multipart(boundary, "payload", payload, "access_token", token);

    JsonNode added =
        ok(
            send(
                "POST",
                "/v24.0/" + multiKey.id() + "/users",
                "multipart/form-data; boundary=" + boundary,
                body));
    JsonNode removed =
        ok(
            send(
                "DELETE",
                "/v24.0/" + multiKey.id() + "/users",
                "multipart/form-data; boundary=" + boundary,
                removeBody));

    assertThat(added.get("session_id").asText()).isEqualTo("77");
    assertThat(added.get("num_received").asInt()).isEqualTo(2);
    assertThat(removed.get("num_received").asInt()).isEqualTo(2);
    assertThat(fixture.storedBatches())
        .extracting(IntakeBatch::operation, IntakeBatch::sessionId)
        .first()
        .isEqualTo(org.assertj.core.groups.Tuple.tuple(Operation.ADD, 77L));
    assertThat(fixture.storedBatches().get(1).operation()).isEqualTo(Operation.REMOVE);
  }

  @Test
  void nodeSdkJsonBodyWithNestedPayloadSessionAndIdAndTheTokenInTheQuery() throws Exception {
    List<String> hashes = hashes("node", 2);
    String body =
        "{\"payload\":"
            + emailRows(hashes)
            + ",\"session\":{\"session_id\":\"5019038498436145922\",\"batch_seq\":1,"
            + "\"last_batch_flag\":false,\"estimated_num_total\":4},\"id\":\""
            + multiKey.id()
            + "\"}";

    JsonNode answer =
        ok(
            send(
                "POST",
                "/v24.0/" + multiKey.id() + "/users?access_token=" + token,
                "application/json",
                body));

    assertThat(answer.get("session_id").asText()).isEqualTo("5019038498436145922");
    assertThat(answer.get("num_received").asInt()).isEqualTo(2);
    IntakeBatch stored = fixture.storedBatches().get(0);
    assertThat(stored.batchSeq()).isEqualTo(1);
    assertThat(stored.rows().identifierEquals(0, 1, HexFormat.of().parseHex(hashes.get(1)), 0))
        .isTrue();
  }

  @Test
  void rudderStackPostsThePayloadInTheQueryWithAppsecretProofAndTime() throws Exception {
    String payload = emailRows(hashes("rudder", 2));
    String time = "1790000000";
    String query =
        form(
            "access_token",
            token,
            "appsecret_proof",
            proof(token + "|" + time),
            "appsecret_time",
            time,
            "payload",
            payload);

    JsonNode added = ok(send("POST", "/v21.0/" + multiKey.id() + "/users?" + query, null, null));
    JsonNode otherTime =
        error(
            send(
                "POST",
                "/v21.0/" + multiKey.id() + "/users?" + query.replace(time, "1790000001"),
                null,
                null));

    assertThat(added.get("num_received").asInt()).isEqualTo(2);
    assertThat(otherTime.get("message").asText()).contains("appsecret_proof");
    assertThat(fixture.storedBatches()).hasSize(1);
  }

  @Test
  void metasUploaderSendsAJsonBodyWithTheTokenAndSuppressHttpCode() throws Exception {
    String session = "{\"session_id\":3000000001,\"last_batch_flag\":false}";
    String body =
        "{\"access_token\":\""
            + token
            + "\",\"suppress_http_code\":1,\"session\":"
            + session
            + ",\"payload\":";

    JsonNode added =
        ok(
            send(
                "POST",
                "/v21.0/" + multiKey.id() + "/users",
                "application/json",
                body + emailRows(hashes("uploader", 3)) + "}"));
    HttpResponse<String> refused =
        send(
            "POST",
            "/v21.0/" + multiKey.id() + "/users",
            "application/json",
            body + "{\"schema\":[\"EMAIL_ADDRESS\"],\"data\":[[\"x\"]]}}");

    assertThat(added.get("session_id").asText()).isEqualTo("3000000001");
    assertThat(added.get("num_received").asInt()).isEqualTo(3);
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(body(refused).get("error").get("code").asInt()).isEqualTo(100);
  }

  @Test
  void phpSdkPostsMultipartWithTheTokenAndTheProofAsParts() throws Exception {
    String boundary = "------------------------a1b2c3";
    String body =
        multipart(
            boundary,
            "payload",
            emailRows(hashes("php", 2)),
            "access_token",
            token,
            "appsecret_proof",
            proof(token));

    JsonNode added =
        ok(
            send(
                "POST",
                "/v21.0/" + multiKey.id() + "/users",
                "multipart/form-data; boundary=" + boundary,
                body));

    assertThat(added.get("num_received").asInt()).isEqualTo(2);
  }

  @Test
  void segmentDeletesWithAJsonBodyAndABearerToken() throws Exception {
    HttpResponse<String> response =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(url("/v21.0/" + multiKey.id() + "/users")))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                    "DELETE",
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"payload\":" + emailRows(hashes("segment", 2)) + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(ok(response).get("num_received").asInt()).isEqualTo(2);
    assertThat(fixture.storedBatches().get(0).operation()).isEqualTo(Operation.REMOVE);
  }

  /** {@code appsecret_proof} of this test's app for {@code message} (the token, or token|time). */
  private String proof(String message) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(
            app.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aOneMegabyteQueryStringDeleteIsStoredWhole() throws Exception {
    List<String> emails = hashes("big", 7_000);
    List<String> phones = hashes("phone", 7_000);
    StringBuilder payload = new StringBuilder("{\"schema\":[\"EMAIL\",\"PHONE\"],\"data\":[");
    for (int i = 0; i < emails.size(); i++) {
      payload
          .append(i == 0 ? "" : ",")
          .append("[\"")
          .append(emails.get(i))
          .append("\",\"")
          .append(phones.get(i))
          .append("\"]");
    }
    String query = form("access_token", token, "payload", payload.append("]}").toString());
    assertThat(query.length()).isGreaterThan(1_000_000);

    JsonNode answer = ok(send("DELETE", "/v21.0/" + multiKey.id() + "/users?" + query, null, null));

    assertThat(answer.get("num_received").asInt()).isEqualTo(7_000);
    IntakeBatch stored = fixture.storedBatches().get(0);
    assertThat(stored.operation()).isEqualTo(Operation.REMOVE);
    assertThat(stored.rows().size()).isEqualTo(7_000);
    assertThat(
            stored.rows().identifierEquals(1, 6_999, HexFormat.of().parseHex(phones.get(6_999)), 0))
        .isTrue();
  }

  @Test
  void tenancyAnswersAnotherAccountsAudienceAsUnknownOnEveryRoute() throws Exception {
    String payload = emailRows(hashes("t", 1));
    List<HttpResponse<String>> answers =
        List.of(
            postForm(foreign.id(), "users", "payload", payload),
            queryStringDelete(foreign.id(), payload),
            postForm(
                foreign.id(), "usersreplace", "payload", payload, "session", session(5, 1, false)),
            send("GET", "/v21.0/" + foreign.id() + "/sessions?access_token=" + token, null, null));

    for (HttpResponse<String> answer : answers) {
      JsonNode error = error(answer);
      assertThat(error.get("code").asInt()).isEqualTo(100);
      assertThat(error.get("error_subcode").asInt()).isEqualTo(33);
      assertThat(error.get("message").asText()).contains("Object with ID '" + foreign.id() + "'");
    }
    assertThat(fixture.storedBatches()).isEmpty();
  }
}
