package dev.matchlist.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.client.FakeGraph.Answer;
import dev.matchlist.client.FakeGraph.Request;
import dev.matchlist.core.SchemaKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The requests the SDK sends, in the shape spec §5 and §7 describe for Meta's host: method, path,
 * content type, where each parameter travels, and appsecret_proof.
 */
class GraphClientRequestShapeTest {
  // RFC 4231 test case 2: HMAC-SHA256(key "Jefe", "what do ya want for nothing?").
  private static final String TOKEN = "what do ya want for nothing?";
  private static final String SECRET = "Jefe";
  private static final String PROOF =
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String JSON_TYPE = "application/json";
  private static final String HASH_A = "a".repeat(64);
  private static final String HASH_B = "0123456789abcdef".repeat(4);
  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeGraph graph;
  private GraphClient client;

  @BeforeEach
  void start() throws Exception {
    graph = new FakeGraph();
    client =
        GraphClient.builder()
            .baseUrl(graph.baseUrl())
            .accessToken(TOKEN)
            .appSecret(SECRET)
            .sleeper(new RecordingSleeper())
            .build();
  }

  @AfterEach
  void stop() {
    graph.close();
  }

  @Test
  void appsecretProofIsTheHexHmacOfTheTokenKeyedByTheSecret() {
    assertThat(GraphClient.appsecretProof(SECRET, TOKEN)).isEqualTo(PROOF);
  }

  @Test
  void createAudiencePostsAFormToTheAdAccountsCustomaudiencesEdge() {
    graph.then(Answer.json(200, "{\"id\":\"2384\"}"));

    CustomAudience created =
        client.createAudience(
            "123", new AudienceSpec("Newsletter", "readers", "CUSTOM", "USER_PROVIDED_ONLY", true));

    Request request = graph.only();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v21.0/act_123/customaudiences");
    assertThat(request.rawQuery()).isEmpty();
    assertThat(request.contentType()).isEqualTo(FORM);
    assertThat(request.form())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "access_token", TOKEN,
                "appsecret_proof", PROOF,
                "name", "Newsletter",
                "description", "readers",
                "subtype", "CUSTOM",
                "customer_file_source", "USER_PROVIDED_ONLY",
                "is_value_based", "true"));
    assertThat(created.id()).isEqualTo("2384");
    assertThat(created.name()).isEqualTo("Newsletter");
  }

  @Test
  void readingAnAudienceIsAGetWithFieldsAndTokenInTheQueryAndNoBody() {
    graph.then(
        Answer.json(
            200,
            "{\"id\":\"55\",\"name\":\"n\",\"approximate_count_lower_bound\":1000,"
                + "\"approximate_count_upper_bound\":1200,"
                + "\"operation_status\":{\"code\":200,\"description\":\"Normal\"}}"));

    CustomAudience audience =
        client.audience("55", List.of("name", "approximate_count_lower_bound"));

    Request request = graph.only();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/v21.0/55");
    assertThat(request.query())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "fields", "name,approximate_count_lower_bound",
                "access_token", TOKEN,
                "appsecret_proof", PROOF));
    assertThat(request.body()).isEmpty();
    assertThat(audience.approximateCountLowerBound()).hasValue(1000);
    assertThat(audience.approximateCountUpperBound()).hasValue(1200);
    assertThat(audience.operationStatusCode()).hasValue(200);
    assertThat(audience.deliveryStatusCode()).isEmpty();
  }

  @Test
  void listingFollowsPagingNextVerbatimAndAddsTheProofWhenItIsMissing() {
    String next = graph.baseUrl() + "/v21.0/act_9/customaudiences?after=CUR&access_token=tk2";
    graph.then(
        Answer.json(
            200,
            "{\"data\":[{\"id\":\"1\",\"name\":\"a\"}],\"paging\":{\"cursors\":{\"after\":"
                + "\"CUR\"},\"next\":\""
                + next
                + "\"}}"));
    graph.then(Answer.json(200, "{\"data\":[{\"id\":\"2\",\"name\":\"b\"}]}"));

    List<CustomAudience> audiences = client.audiences("act_9", List.of("name"));

    assertThat(audiences).extracting(CustomAudience::id).containsExactly("1", "2");
    List<Request> requests = graph.requests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).path()).isEqualTo("/v21.0/act_9/customaudiences");
    assertThat(requests.get(0).query()).containsEntry("fields", "name");
    assertThat(requests.get(1).path()).isEqualTo("/v21.0/act_9/customaudiences");
    assertThat(requests.get(1).query())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("after", "CUR", "access_token", "tk2", "appsecret_proof", PROOF));
  }

  @Test
  void aPagingNextOnAnotherHostIsNotFollowed() {
    graph.then(
        Answer.json(
            200,
            "{\"data\":[{\"id\":\"1\"}],\"paging\":{\"next\":"
                + "\"https://evil.example/v21.0/act_9/customaudiences?after=x\"}}"));

    assertThatThrownBy(() -> client.audiences("act_9", List.of()))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("evil.example")
        .hasMessageContaining("not followed");
    assertThat(graph.requests()).hasSize(1);
  }

  @Test
  void updateAudiencePostsTheChangesAsAForm() {
    client.updateAudience("55", Map.of("name", "Renamed", "description", "d"));

    Request request = graph.only();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v21.0/55");
    assertThat(request.contentType()).isEqualTo(FORM);
    assertThat(request.form())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "name",
                "Renamed",
                "description",
                "d",
                "access_token",
                TOKEN,
                "appsecret_proof",
                PROOF));
  }

  @Test
  void deleteAudienceSendsTheTokenInTheBodyNotTheUrl() {
    client.deleteAudience("55");

    Request request = graph.only();
    assertThat(request.method()).isEqualTo("DELETE");
    assertThat(request.path()).isEqualTo("/v21.0/55");
    assertThat(request.rawQuery()).isEmpty();
    assertThat(request.contentType()).isEqualTo(FORM);
    assertThat(request.form())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("access_token", TOKEN, "appsecret_proof", PROOF));
  }

  @Test
  void aSuccessFalseAnswerToADeleteIsAnError() {
    graph.then(Answer.json(200, "{\"success\":false}"));

    assertThatThrownBy(() -> client.deleteAudience("55"))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("success: false");
  }

  @Test
  void addUsersPostsAJsonBodyWithPayloadAndSessionAsNestedObjectsAndTheTokenInside()
      throws Exception {
    graph.then(usersAnswer());

    UsersResult result = client.addUsers("55", twoRowBatch());

    Request request = graph.only();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v21.0/55/users");
    assertThat(request.rawQuery()).isEmpty();
    assertThat(request.contentType()).isEqualTo(JSON_TYPE);
    JsonNode body = JSON.readTree(request.body());
    assertThat(body)
        .isEqualTo(
            JSON.readTree(
                "{\"payload\":"
                    + TWO_ROW_PAYLOAD
                    + ",\"session\":"
                    + TWO_ROW_SESSION
                    + ",\"access_token\":\""
                    + TOKEN
                    + "\",\"appsecret_proof\":\""
                    + PROOF
                    + "\"}"));
    assertThat(body.get("payload").isObject()).isTrue();
    assertThat(body.get("session").isObject()).isTrue();
    assertThat(result).isEqualTo(new UsersResult("55", 9778993, 2, 1, Map.of("bad", "EMAIL")));
  }

  @Test
  void withFormEncodingAddUsersPostsPayloadAndSessionAsJsonTextInAForm() throws Exception {
    graph.then(usersAnswer());
    GraphClient formClient =
        GraphClient.builder()
            .baseUrl(graph.baseUrl())
            .accessToken(TOKEN)
            .appSecret(SECRET)
            .usersBodyEncoding(UsersBodyEncoding.FORM)
            .build();

    UsersResult result = formClient.addUsers("55", twoRowBatch());

    Request request = graph.only();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v21.0/55/users");
    assertThat(request.rawQuery()).isEmpty();
    assertThat(request.contentType()).isEqualTo(FORM);
    Map<String, String> form = request.form();
    assertThat(form.keySet())
        .containsExactlyInAnyOrder("access_token", "appsecret_proof", "session", "payload");
    assertThat(form).containsEntry("access_token", TOKEN).containsEntry("appsecret_proof", PROOF);
    assertThat(JSON.readTree(form.get("session"))).isEqualTo(JSON.readTree(TWO_ROW_SESSION));
    assertThat(JSON.readTree(form.get("payload"))).isEqualTo(JSON.readTree(TWO_ROW_PAYLOAD));
    assertThat(result).isEqualTo(new UsersResult("55", 9778993, 2, 1, Map.of("bad", "EMAIL")));
  }

  private static final String TWO_ROW_PAYLOAD =
      "{\"schema\":[\"EMAIL\",\"PHONE\"],\"is_raw\":true,\"data\":[[\""
          + HASH_A
          + "\",\"\"],[\"\",\""
          + HASH_B
          + "\"]]}";
  private static final String TWO_ROW_SESSION =
      "{\"session_id\":9778993,\"batch_seq\":10,\"last_batch_flag\":true,"
          + "\"estimated_num_total\":99996}";

  private static UsersBatch twoRowBatch() {
    return UsersBatch.of(
        List.of(SchemaKey.EMAIL, SchemaKey.PHONE),
        List.<String[]>of(new String[] {HASH_A, ""}, new String[] {"", HASH_B}),
        new Session(9778993, 10, true, 99996));
  }

  @Test
  void removeUsersSendsADeleteWithTheRowsInTheBodyNeverInTheUrl() throws Exception {
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      rows.add(new String[] {HASH_A});
    }
    graph.then(usersAnswer());

    client.removeUsers("55", UsersBatch.of(List.of(SchemaKey.EMAIL), rows));

    Request request = graph.only();
    assertThat(request.method()).isEqualTo("DELETE");
    assertThat(request.path()).isEqualTo("/v21.0/55/users");
    assertThat(request.rawQuery()).isEmpty();
    assertThat(request.contentType()).isEqualTo(JSON_TYPE);
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.get("payload").get("data")).hasSize(2000);
    assertThat(body.has("session")).isFalse();
    assertThat(body.get("access_token").asText()).isEqualTo(TOKEN);
  }

  @Test
  void replaceUsersPostsToTheUsersreplaceEdge() {
    graph.then(usersAnswer());

    client.replaceUsers(
        "55",
        UsersBatch.of(
            List.of(SchemaKey.EMAIL),
            List.<String[]>of(new String[] {HASH_A}),
            new Session(7, 1, false, 0)));

    Request request = graph.only();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v21.0/55/usersreplace");
    assertThat(request.params().get("session"))
        .isEqualTo("{\"session_id\":7,\"batch_seq\":1,\"last_batch_flag\":false}");
  }

  @Test
  void aReplaceBatchWithoutASessionIsRefusedBeforeSending() {
    UsersBatch batch =
        UsersBatch.of(List.of(SchemaKey.EMAIL), List.<String[]>of(new String[] {HASH_A}));

    assertThatThrownBy(() -> client.replaceUsers("55", batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Session");
    assertThat(graph.requests()).isEmpty();
  }

  @Test
  void clearValuesAreJsonEscaped() throws Exception {
    graph.then(usersAnswer());
    String awkward = "a b&c=d\"e\\f+ü%\t</";

    client.addUsers(
        "55",
        UsersBatch.of(List.of(SchemaKey.EXTERN_ID), List.<String[]>of(new String[] {awkward})));

    JsonNode payload = JSON.readTree(graph.only().body()).get("payload");
    assertThat(payload.get("data").get(0).get(0).asText()).isEqualTo(awkward);
  }

  @Test
  void withFormEncodingClearValuesAreJsonEscapedAndFormEncoded() throws Exception {
    graph.then(usersAnswer());
    String awkward = "a b&c=d\"e\\f+ü%\t</";
    GraphClient formClient =
        GraphClient.builder()
            .baseUrl(graph.baseUrl())
            .accessToken(TOKEN)
            .usersBodyEncoding(UsersBodyEncoding.FORM)
            .build();

    formClient.addUsers(
        "55",
        UsersBatch.of(List.of(SchemaKey.EXTERN_ID), List.<String[]>of(new String[] {awkward})));

    JsonNode payload = JSON.readTree(graph.only().form().get("payload"));
    assertThat(payload.get("data").get(0).get(0).asText()).isEqualTo(awkward);
  }

  @Test
  void sessionsAreReadWithNumericStringsAsNumbers() {
    graph.then(
        Answer.json(
            200,
            "{\"data\":[{\"session_id\":\"42\",\"start_time\":\"1700000000\",\"num_received\":"
                + "\"300\",\"num_invalid_entries\":\"2\",\"num_matched\":\"-1\",\"progress\":"
                + "\"0\",\"stage\":\"uploading\"}]}"));

    List<UploadSession> sessions = client.sessions("55");

    Request request = graph.only();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/v21.0/55/sessions");
    assertThat(sessions)
        .containsExactly(
            new UploadSession(
                42,
                "uploading",
                300,
                2,
                -1,
                "0",
                java.util.Optional.of(1_700_000_000L),
                java.util.Optional.empty()));
  }

  @Test
  void oneSessionIsAskedForBySessionId() {
    graph.then(Answer.json(200, "{\"data\":[{\"session_id\":\"42\",\"stage\":\"finished\"}]}"));

    assertThat(client.session("55", 42)).map(UploadSession::stage).hasValue("finished");
    assertThat(graph.only().query()).containsEntry("session_id", "42");
  }

  @Test
  void withoutAnAppSecretNoProofIsSent() {
    GraphClient plain = GraphClient.builder().baseUrl(graph.baseUrl()).accessToken("tok").build();

    plain.audience("55", List.of());

    assertThat(graph.only().query()).containsExactlyEntriesOf(Map.of("access_token", "tok"));
  }

  @Test
  void theVersionAndABasePathPrefixAreKept() {
    GraphClient other =
        GraphClient.builder()
            .baseUrl(java.net.URI.create(graph.baseUrl() + "/graph/"))
            .version("v24.0")
            .accessToken("tok")
            .build();

    other.audience("55", List.of());

    assertThat(graph.only().path()).isEqualTo("/graph/v24.0/55");
  }

  @Test
  void idsThatCouldEscapeThePathAreRefused() {
    assertThatThrownBy(() -> client.audience("../me", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.audiences("act_12x", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(graph.requests()).isEmpty();
  }

  @Test
  void invalidEntrySamplesInEitherShapeAreKept() {
    graph.then(
        Answer.json(
            200,
            "{\"audience_id\":\"55\",\"session_id\":\"1\",\"num_received\":1,"
                + "\"num_invalid_entries\":2,\"invalid_entry_samples\":{\"x\":null,\"y\":3}}"));
    graph.then(
        Answer.json(
            200,
            "{\"audience_id\":\"55\",\"session_id\":\"1\",\"num_received\":1,"
                + "\"num_invalid_entries\":1,\"invalid_entry_samples\":[\"bad\"]}"));
    UsersBatch batch =
        UsersBatch.of(List.of(SchemaKey.EMAIL), List.<String[]>of(new String[] {HASH_A}));

    assertThat(client.addUsers("55", batch).invalidEntrySamples())
        .containsExactlyInAnyOrderEntriesOf(Map.of("x", "", "y", 3));
    assertThat(client.addUsers("55", batch).invalidEntrySamples())
        .containsExactlyEntriesOf(Map.of("0", "bad"));
  }

  private static Answer usersAnswer() {
    return Answer.json(
        200,
        "{\"audience_id\":\"55\",\"session_id\":\"9778993\",\"num_received\":2,"
            + "\"num_invalid_entries\":1,\"invalid_entry_samples\":{\"bad\":\"EMAIL\"}}");
  }
}
