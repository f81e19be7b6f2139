package dev.matchlist.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.core.Hex;
import dev.matchlist.server.faults.FaultInjector;
import dev.matchlist.server.faults.FaultPlan;
import dev.matchlist.server.graph.GraphResponse;
import dev.matchlist.server.graph.GraphRoutes;
import dev.matchlist.server.graph.GraphServer;
import dev.matchlist.server.graph.ServerConfig;
import dev.matchlist.server.store.Catalog;
import dev.matchlist.server.store.RocksCatalog;
import dev.matchlist.server.store.RocksStore;
import dev.matchlist.server.usage.UsageLimits;
import dev.matchlist.server.usage.UsageMeter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication, tenancy, rate limits and faults through a real server and a probe route. */
class AccessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;
  private RocksStore store;
  private Catalog catalog;
  private FaultInjector faults;
  private GraphServer server;
  private Catalog.App app;
  private Catalog.AdAccount accountA;
  private Catalog.Audience audienceA;
  private Catalog.Audience audienceB;
  private String tokenA;

  @BeforeEach
  void start() {
    store = RocksStore.open(dir);
    catalog = new RocksCatalog(store, Clock.systemUTC());
    faults = new FaultInjector();
    UsageMeter meter =
        new UsageMeter(new UsageLimits("standard_access", 5, 0, 5, 1_000, Duration.ofHours(1)));
    Access access = new Access(catalog);
    AccountGate gate = new AccountGate(meter, faults, catalog);
    GraphRoutes routes =
        GraphRoutes.builder()
            .intercept(new UsageTiming(meter))
            .get(
                "/{audience}/probe",
                request -> {
                  Caller caller = access.caller(request);
                  Catalog.Audience audience =
                      access.audience(request, caller, request.pathParam("audience"));
                  gate.pass(request, caller, audience.spec().adAccountId());
                  return GraphResponse.ok(Map.of("ok", true));
                })
            .build();
    server = GraphServer.start(ServerConfig.builder().port(0).build(), routes);

    app = catalog.createApp("shop", false);
    accountA = catalog.createAdAccount("A", app.id());
    Catalog.AdAccount accountB = catalog.createAdAccount("B", app.id());
    audienceA = catalog.createAudience(spec(accountA.id()));
    audienceB = catalog.createAudience(spec(accountB.id()));
    tokenA = catalog.issueToken("a", app.id(), Set.of(accountA.id())).token();
  }

  @AfterEach
  void stop() {
    server.stop();
    store.close();
  }

  private static Catalog.AudienceSpec spec(String account) {
    return new Catalog.AudienceSpec(account, "n", "", "CUSTOM", "USER_PROVIDED_ONLY", false, 0, "");
  }

  private HttpResponse<String> probe(String audienceId, String query) throws Exception {
    URI uri = URI.create(server.baseUrl() + "/v21.0/" + audienceId + "/probe" + query);
    return http.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode error(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).get("error");
  }

  @Test
  void aGrantedTokenReachesItsAudienceWithUsageHeaders() throws Exception {
    HttpResponse<String> response = probe(audienceA.id(), "?access_token=" + tokenA);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode usage =
        JSON.readTree(response.headers().firstValue("X-Business-Use-Case-Usage").orElseThrow());
    assertThat(usage.get(accountA.id()).get(0).get("call_count").asInt()).isEqualTo(20); // 1 of 5
    JsonNode account = JSON.readTree(response.headers().firstValue("x-ad-account-usage").get());
    assertThat(account.get("acc_id_util_pct").asInt()).isEqualTo(20);
    assertThat(account.get("ads_api_access_tier").asText()).isEqualTo("standard_access");
    JsonNode appUsage = JSON.readTree(response.headers().firstValue("x-app-usage").get());
    assertThat(appUsage.get("call_count").isNumber()).isTrue(); // 1 of 1,000: 0 %
    assertThat(appUsage.get("total_time").isNumber()).isTrue();
  }

  @Test
  void aMissingTokenIs104WithWwwAuthenticate() throws Exception {
    HttpResponse<String> response = probe(audienceA.id(), "");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).get("code").asInt()).isEqualTo(104);
    assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
  }

  @Test
  void anUnknownTokenIs190WithoutSubcode() throws Exception {
    HttpResponse<String> response = probe(audienceA.id(), "?access_token=nonsense");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).get("code").asInt()).isEqualTo(190);
    assertThat(error(response).has("error_subcode")).isFalse();
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("invalid_token");
  }

  @Test
  void aRevokedTokenIs190WithSubcode467() throws Exception {
    Catalog.IssuedToken revoked = catalog.issueToken("r", app.id(), Set.of(accountA.id()));
    catalog.revokeToken(revoked.grant().id());

    HttpResponse<String> response = probe(audienceA.id(), "?access_token=" + revoked.token());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).get("code").asInt()).isEqualTo(190);
    assertThat(error(response).get("error_subcode").asInt()).isEqualTo(467);
    assertThat(error(response).get("message").asText()).contains("revoked");
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("invalid_token");
  }

  @Test
  void anotherAccountsAudienceAnswersExactlyLikeOneThatDoesNotExist() throws Exception {
    JsonNode foreign = error(probe(audienceB.id(), "?access_token=" + tokenA));
    JsonNode missing = error(probe("9999999999999999", "?access_token=" + tokenA));

    assertThat(foreign.get("code").asInt()).isEqualTo(100);
    assertThat(foreign.get("error_subcode").asInt()).isEqualTo(33);
    assertThat(foreign.get("message").asText().replace(audienceB.id(), "ID"))
        .isEqualTo(missing.get("message").asText().replace("9999999999999999", "ID"));
    assertThat(foreign.get("type").asText()).isEqualTo(missing.get("type").asText());
  }

  @Test
  void aRightAppsecretProofPassesWithAndWithoutTime() throws Exception {
    String proof = Hex.encode(Access.hmacSha256(app.secret(), tokenA));
    String timed = Hex.encode(Access.hmacSha256(app.secret(), tokenA + "|1700000000"));

    assertThat(
            probe(audienceA.id(), "?access_token=" + tokenA + "&appsecret_proof=" + proof)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            probe(
                    audienceA.id(),
                    "?access_token="
                        + tokenA
                        + "&appsecret_proof="
                        + timed
                        + "&appsecret_time=1700000000")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aWrongAppsecretProofIsRefused() throws Exception {
    JsonNode e =
        error(
            probe(
                audienceA.id(), "?access_token=" + tokenA + "&appsecret_proof=" + "ab".repeat(32)));

    assertThat(e.get("code").asInt()).isEqualTo(100);
    assertThat(e.get("type").asText()).isEqualTo("GraphMethodException");
    assertThat(e.get("message").asText()).contains("appsecret_proof");
  }

  @Test
  void anAppThatRequiresProofRefusesCallsWithoutIt() throws Exception {
    Catalog.App strict = catalog.createApp("strict", true);
    Catalog.AdAccount account = catalog.createAdAccount("S", strict.id());
    Catalog.Audience audience = catalog.createAudience(spec(account.id()));
    String token = catalog.issueToken("s", strict.id(), Set.of(account.id())).token();

    JsonNode e = error(probe(audience.id(), "?access_token=" + token));
    assertThat(e.get("message").asText()).contains("require an appsecret_proof");
  }

  @Test
  void aSpentBudgetIs80003WithTheUsageHeaders() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(probe(audienceA.id(), "?access_token=" + tokenA).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> refused = probe(audienceA.id(), "?access_token=" + tokenA);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(error(refused).get("code").asInt()).isEqualTo(80003);
    assertThat(error(refused).get("error_subcode").asInt()).isEqualTo(2446079);
    JsonNode usage =
        JSON.readTree(refused.headers().firstValue("X-Business-Use-Case-Usage").orElseThrow());
    assertThat(usage.get(accountA.id()).get(0).get("estimated_time_to_regain_access").asInt())
        .isPositive();
  }

  @Test
  void injectedFaultsAnswerAsConfiguredThenStop() throws Exception {
    faults.set(
        accountA.id(),
        new FaultPlan(
            0,
            1,
            List.of(
                new FaultPlan.Rule(1, null, null, 502),
                new FaultPlan.Rule(
                    1,
                    null,
                    new FaultPlan.InjectedError(2, null, null, null, null, null, null),
                    null))));

    HttpResponse<String> html = probe(audienceA.id(), "?access_token=" + tokenA);
    HttpResponse<String> transientError = probe(audienceA.id(), "?access_token=" + tokenA);
    HttpResponse<String> fine = probe(audienceA.id(), "?access_token=" + tokenA);

    assertThat(html.statusCode()).isEqualTo(502);
    assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(html.body()).startsWith("<!DOCTYPE html>");
    assertThat(transientError.statusCode()).isEqualTo(500);
    assertThat(error(transientError).get("is_transient").asBoolean()).isTrue();
    assertThat(fine.statusCode()).isEqualTo(200);
  }

  @Test
  void anInjectedRateLimitSaysWhenAccessReturnsInTheUsageHeader() throws Exception {
    faults.set(
        accountA.id(),
        new FaultPlan(
            0,
            1,
            List.of(
                new FaultPlan.Rule(
                    1,
                    null,
                    new FaultPlan.InjectedError(80003, 2446079, null, null, null, null, 7),
                    null))));

    HttpResponse<String> limited = probe(audienceA.id(), "?access_token=" + tokenA);
    HttpResponse<String> after = probe(audienceA.id(), "?access_token=" + tokenA);

    assertThat(error(limited).get("code").asInt()).isEqualTo(80003);
    assertThat(regainMinutes(limited)).isEqualTo(7);
    assertThat(regainMinutes(after)).isZero();
  }

  private int regainMinutes(HttpResponse<String> answer) throws Exception {
    JsonNode usage =
        JSON.readTree(answer.headers().firstValue("X-Business-Use-Case-Usage").orElseThrow());
    return usage.get(accountA.id()).get(0).get("estimated_time_to_regain_access").asInt();
  }
}
