package dev.matchlist.server.audiences;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.matchlist.core.Sha256;
import dev.matchlist.server.AdminHttp;
import dev.matchlist.server.MatchlistServer;
import dev.matchlist.server.TestTenant;
import dev.matchlist.server.intake.IntakeBatch;
import dev.matchlist.server.intake.Operation;
import dev.matchlist.server.matching.MatcherFixture;
import dev.matchlist.server.matching.MatchingSource;
import dev.matchlist.server.matching.SyntheticPopulation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audience counts, statuses and the sessions edge as matching moves them, over real HTTP against
 * the assembled server with a synthetic population of 1000 people. Waits poll until a state is
 * reached (or a generous deadline passes) and then assert the state, never the time.
 */
class AudienceStateHttpTest {
  private static final String ADMIN = "/_matchlist/admin/v1";
  private static final String FIELDS =
      "approximate_count_lower_bound,approximate_count_upper_bound,operation_status,"
          + "delivery_status,time_content_updated";
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @TempDir Path dir;
  private MatchlistServer server;
  private AdminHttp graph;
  private String account;

  @BeforeEach
  void setUp() {
    server =
        MatchlistServer.start(
            MatchlistServer.Settings.builder(dir)
                .port(0)
                .matching(MatchingSource.population(1_000))
                .build());
    TestTenant tenant = TestTenant.create(server);
    account = tenant.accountId();
    graph = tenant.graph();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void anUploadBecomesARoundedCountWithNormalStatusAndReadyDelivery() {
    String audience = createAudience();
    assertThat(code(state(audience), "operation_status")).isEqualTo(410);

    upload(audience, "users", emails(members(0, 567), strangers(0, 33)), 1, 1, true);
    JsonNode state = awaitState(audience, s -> code(s, "operation_status") != 441);

    assertThat(code(state, "operation_status")).isEqualTo(200);
    assertThat(state.get("approximate_count_lower_bound").asLong()).isEqualTo(560);
    assertThat(state.get("approximate_count_upper_bound").asLong()).isEqualTo(570);
    assertThat(code(state, "delivery_status")).isEqualTo(200);
    assertThat(state.get("time_content_updated").asLong()).isPositive();
    assertThat(server.parts().membership().members(audience).count()).isEqualTo(567);
  }

  @Test
  void aRemovalLowersTheCount() {
    String audience = createAudience();
    upload(audience, "users", emails(members(0, 300), List.of()), 1, 1, true);
    awaitState(audience, s -> lower(s) == 300);

    AdminHttp.Answer removal =
        graph.send(
            "DELETE",
            "/v21.0/" + audience + "/users",
            body(emails(members(0, 120), List.of()), 2, 1, true));
    assertThat(removal.status()).isEqualTo(200);
    JsonNode state = awaitState(audience, s -> lower(s) != 300);

    assertThat(lower(state)).isEqualTo(180);
    assertThat(state.get("approximate_count_upper_bound").asLong()).isEqualTo(180);
  }

  @Test
  void aReplaceSwapsAtItsLastBatchAndReadersSeeOnlyTheOldOrTheNewCount() throws Exception {
    String audience = createAudience();
    upload(audience, "users", emails(members(0, 300), List.of()), 1, 1, true);
    awaitState(audience, s -> lower(s) == 300 && code(s, "operation_status") == 200);

    upload(audience, "usersreplace", emails(members(500, 570), List.of()), 2, 1, false);
    awaitSession(audience, 2, s -> s.get("progress").asText().equals("100"));
    JsonNode during = state(audience);
    assertThat(code(during, "operation_status")).isEqualTo(414);
    assertThat(lower(during)).isEqualTo(300);

    Set<Long> seen = ConcurrentHashMap.newKeySet();
    AtomicBoolean reading = new AtomicBoolean(true);
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (reading.get()) {
                    seen.add(lower(state(audience)));
                    seen.add(server.parts().membership().members(audience).count());
                  }
                });
    upload(audience, "usersreplace", emails(members(570, 640), List.of()), 2, 2, false);
    upload(audience, "usersreplace", emails(members(640, 700), List.of()), 2, 3, true);
    JsonNode session = awaitSession(audience, 2, s -> s.get("stage").asText().equals("finished"));
    JsonNode after = awaitState(audience, s -> lower(s) != 300);
    reading.set(false);
    reader.join();

    assertThat(session.get("num_matched").asText()).isEqualTo("200");
    assertThat(lower(after)).isEqualTo(200);
    assertThat(code(after, "operation_status")).isEqualTo(200);
    assertThat(seen).isSubsetOf(300L, 200L);
  }

  @Test
  void theSessionsEdgeFinishesWithTheMatchedCountAndAMatchReport() {
    String audience = createAudience();
    upload(audience, "users", emails(members(0, 100), strangers(0, 50)), 7, 1, true);

    JsonNode session = awaitSession(audience, 7, s -> s.get("stage").asText().equals("finished"));
    JsonNode report =
        graph
            .get("/v21.0/" + audience + "/sessions?fields=match_report")
            .body()
            .get("data")
            .get(0)
            .get("match_report");

    assertThat(session.get("num_matched").asText()).isEqualTo("100");
    assertThat(session.get("progress").asText()).isEqualTo("100");
    assertThat(report.get("matched_share_bucket").asInt()).isEqualTo(60);
    assertThat(report.get("matched_by_key").get("EMAIL").asLong()).isEqualTo(100);
  }

  @Test
  void fewMatchesInTheLastSessionReportLowMatchRate() {
    String audience = createAudience();
    upload(audience, "users", emails(members(0, 150), strangers(0, 850)), 1, 1, true);

    JsonNode state = awaitState(audience, s -> code(s, "operation_status") != 441);

    assertThat(code(state, "operation_status")).isEqualTo(411);
    assertThat(lower(state)).isEqualTo(150);
  }

  @Test
  void justAboveTheMatchThresholdIsNormal() {
    String audience = createAudience();
    upload(audience, "users", emails(members(0, 210), strangers(0, 790)), 1, 1, true);

    JsonNode state = awaitState(audience, s -> code(s, "operation_status") != 441);

    assertThat(code(state, "operation_status")).isEqualTo(200);
  }

  @Test
  void mostlyInvalidEntriesInTheLastSessionReportHighInvalidRate() {
    String audience = createAudience();
    List<String> data = new ArrayList<>(emails(members(0, 40), List.of()));
    for (int i = 0; i < 41; i++) {
      data.add("not-a-hash-" + i);
    }
    upload(audience, "users", data, 1, 1, true);

    JsonNode state = awaitState(audience, s -> code(s, "operation_status") != 441);

    assertThat(code(state, "operation_status")).isEqualTo(412);
    assertThat(lower(state)).isEqualTo(40);
  }

  @Test
  void anAudienceBelowTheMinimumSizeIsNotReadyForDelivery() {
    String audience = createAudience();
    upload(audience, "users", emails(members(0, 99), List.of()), 1, 1, true);

    JsonNode state = awaitState(audience, s -> code(s, "operation_status") != 441);

    assertThat(lower(state)).isEqualTo(99);
    assertThat(code(state, "operation_status")).isEqualTo(200);
    assertThat(code(state, "delivery_status")).isEqualTo(300);
  }

  @Test
  void aDeletedAudienceLosesItsMembersAndBatchesStillInTheLogDoNotBringThemBack() {
    String audience = createAudience();
    upload(audience, "users", emails(members(0, 200), List.of()), 1, 1, true);
    awaitState(audience, s -> lower(s) == 200);
    upload(audience, "users", emails(members(200, 400), List.of()), 2, 1, true);

    assertThat(graph.delete("/v21.0/" + audience).status()).isEqualTo(200);
    // a batch accepted just before the delete, still waiting in the log
    server
        .parts()
        .intakeLog()
        .append(
            new IntakeBatch(
                    account,
                    audience,
                    Operation.ADD,
                    3,
                    1,
                    2,
                    MatcherFixture.emails(
                        SyntheticPopulation.email(500), SyntheticPopulation.email(501)))
                .encode());
    server.parts().matcher().wakeUp();
    awaitLogDrained();

    assertThat(server.parts().membership().audiences()).doesNotContainKey(audience);
    assertThat(server.parts().membership().members(audience).count()).isZero();
  }

  private String createAudience() {
    return graph
        .post("/v21.0/act_" + account + "/customaudiences", "{\"name\":\"shoppers\"}")
        .body()
        .get("id")
        .asText();
  }

  private void upload(
      String audience, String edge, List<String> hashes, long session, int seq, boolean last) {
    AdminHttp.Answer answer =
        graph.post("/v21.0/" + audience + "/" + edge, body(hashes, session, seq, last));
    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
  }

  private static String body(List<String> hashes, long session, int seq, boolean last) {
    StringBuilder data = new StringBuilder();
    for (String hash : hashes) {
      data.append(data.isEmpty() ? "" : ",").append('"').append(hash).append('"');
    }
    return "{\"payload\":{\"schema\":\"EMAIL_SHA256\",\"data\":["
        + data
        + "]},\"session\":{\"session_id\":"
        + session
        + ",\"batch_seq\":"
        + seq
        + ",\"last_batch_flag\":"
        + last
        + "}}";
  }

  private static List<String> members(int from, int to) {
    List<String> emails = new ArrayList<>();
    for (int i = from; i < to; i++) {
      emails.add(SyntheticPopulation.email(i));
    }
    return emails;
  }

  private static List<String> strangers(int from, int to) {
    List<String> emails = new ArrayList<>();
    for (int i = from; i < to; i++) {
      emails.add("stranger" + i + "@example.org");
    }
    return emails;
  }

  private static List<String> emails(List<String> members, List<String> strangers) {
    List<String> hashes = new ArrayList<>();
    members.forEach(email -> hashes.add(Sha256.hex(email)));
    strangers.forEach(email -> hashes.add(Sha256.hex(email)));
    return hashes;
  }

  private JsonNode state(String audience) {
    return graph.get("/v21.0/" + audience + "?fields=" + FIELDS).body();
  }

  private static int code(JsonNode state, String status) {
    return state.get(status).get("code").asInt();
  }

  private static long lower(JsonNode state) {
    return state.get("approximate_count_lower_bound").asLong();
  }

  /** The audience's state once {@code reached} holds, or its last state after the patience. */
  private JsonNode awaitState(String audience, Predicate<JsonNode> reached) {
    return await(() -> state(audience), reached);
  }

  private JsonNode awaitSession(String audience, long session, Predicate<JsonNode> reached) {
    return await(
        () ->
            graph
                .get("/v21.0/" + audience + "/sessions?session_id=" + session)
                .body()
                .get("data")
                .get(0),
        reached);
  }

  private void awaitLogDrained() {
    await(
        () ->
            server.parts().intakeLog().readAfter(0, 1).isEmpty()
                ? AdminHttp.JSON.getNodeFactory().booleanNode(true)
                : AdminHttp.JSON.getNodeFactory().booleanNode(false),
        JsonNode::asBoolean);
  }

  private static JsonNode await(
      java.util.function.Supplier<JsonNode> read, Predicate<JsonNode> reached) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    JsonNode last = read.get();
    while (!reached.test(last) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      last = read.get();
    }
    return last;
  }
}
