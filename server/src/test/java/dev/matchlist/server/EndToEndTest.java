package dev.matchlist.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.matchlist.core.Sha256;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembled server with its built-in features, as an operator and an advertiser meet it: the
 * operator sets up an app, an ad account and a token through the admin API; the advertiser creates
 * an audience, uploads to it, and reads it back through the Graph API.
 */
class EndToEndTest {
  private static final String ADMIN = "/_matchlist/admin/v1";

  @TempDir Path dir;
  private MatchlistServer server;
  private AdminHttp graph;
  private String account;
  private String token;

  @BeforeEach
  void setUp() {
    server = MatchlistServer.start(MatchlistServer.Settings.builder(dir).port(0).build());
    setUpAccount();
  }

  private void setUpAccount() {
    TestTenant tenant = TestTenant.create(server);
    account = tenant.accountId();
    token = tenant.token();
    graph = tenant.graph();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void anAudienceIsCreatedUploadedToAndReadBack() throws Exception {
    String audience =
        graph
            .post(
                "/v21.0/act_" + account + "/customaudiences",
                "{\"name\":\"VIPs\",\"subtype\":\"CUSTOM\",\"customer_file_source\":\"USER_PROVIDED_ONLY\"}")
            .body()
            .get("id")
            .asText();
    assertThat(state(audience).get("operation_status").get("code").asInt()).isEqualTo(410);

    String mary = Sha256.hex("mary@example.com");
    AdminHttp.Answer upload =
        graph.post(
            "/v21.0/" + audience + "/users",
            "{\"payload\":{\"schema\":\"EMAIL_SHA256\",\"data\":[\""
                + mary
                + "\",\"oops\"]},\"session\":{\"session_id\":42,\"batch_seq\":1,\"last_batch_flag\":true}}");

    assertThat(upload.status()).isEqualTo(200);
    assertThat(upload.body().get("session_id").asText()).isEqualTo("42");
    assertThat(upload.body().get("num_received").asInt()).isEqualTo(2);
    assertThat(upload.body().get("num_invalid_entries").asInt()).isEqualTo(1);

    JsonNode session = finishedSession(audience);
    assertThat(session.get("session_id").asText()).isEqualTo("42");
    assertThat(session.get("num_received").asText()).isEqualTo("2");
    assertThat(session.get("num_matched").asText()).isEqualTo("0");
    JsonNode read = state(audience);
    // the identity base is empty: the one valid row matched nobody
    assertThat(read.get("operation_status").get("code").asInt()).isEqualTo(411);
    assertThat(read.get("data_source").get("sub_type").asText()).isEqualTo("HASHES_OR_USER_IDS");
  }

  /** The audience's newest session once finished (or as it is after a generous wait). */
  private JsonNode finishedSession(String audience) throws InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
    JsonNode session = graph.get("/v21.0/" + audience + "/sessions").body().get("data").get(0);
    while (!session.get("stage").asText().equals("finished") && System.nanoTime() < deadline) {
      Thread.sleep(5);
      session = graph.get("/v21.0/" + audience + "/sessions").body().get("data").get(0);
    }
    assertThat(session.get("stage").asText()).isEqualTo("finished");
    return session;
  }

  @Test
  void theAdminTokenIsNoGraphTokenAndGraphTokensAreNoAdminTokens() {
    AdminHttp asAdmin = new AdminHttp(server.baseUrl(), Optional.of(server.adminToken().value()));
    assertThat(
            asAdmin.get("/v21.0/act_" + account + "/customaudiences").error().get("code").asInt())
        .isEqualTo(190);
    assertThat(graph.get(ADMIN + "/apps").status()).isEqualTo(403);
  }

  private JsonNode state(String audience) {
    return graph
        .get(
            "/v21.0/"
                + audience
                + "?fields=operation_status,data_source,approximate_count_lower_bound")
        .body();
  }

  @Test
  void uploadedPeopleOfTheSyntheticPopulationBecomeMembers() throws Exception {
    server.close();
    server =
        MatchlistServer.start(
            MatchlistServer.Settings.builder(dir)
                .port(0)
                .matching(dev.matchlist.server.matching.MatchingSource.population(1_000))
                .build());
    setUpAccount();
    String audience =
        graph
            .post("/v21.0/act_" + account + "/customaudiences", "{\"name\":\"matched\"}")
            .body()
            .get("id")
            .asText();
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      String email =
          i < 100
              ? dev.matchlist.server.matching.SyntheticPopulation.email(i)
              : "stranger" + i + "@example.org";
      rows.append(i == 0 ? "" : ",").append('"').append(Sha256.hex(email)).append('"');
    }
    AdminHttp.Answer upload =
        graph.post(
            "/v21.0/" + audience + "/users",
            "{\"payload\":{\"schema\":\"EMAIL_SHA256\",\"data\":[" + rows + "]}}");
    assertThat(upload.status()).isEqualTo(200);

    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
    long members = 0;
    while (System.nanoTime() < deadline
        && (members = server.parts().membership().members(audience).count()) < 100) {
      Thread.sleep(10);
    }
    assertThat(members).isEqualTo(100);
    int person =
        server
            .parts()
            .people()
            .personOfUser(dev.matchlist.server.matching.SyntheticPopulation.userId(7));
    assertThat(server.parts().membership().audiencesOf(person)).containsExactly(audience);
  }
}
