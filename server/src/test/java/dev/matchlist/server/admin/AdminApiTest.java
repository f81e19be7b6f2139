package dev.matchlist.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.matchlist.server.AdminHttp;
import dev.matchlist.server.MatchlistServer;
import dev.matchlist.server.store.Catalog;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over real HTTP: who may call it, what it answers, how it refuses bad input. */
class AdminApiTest {
  private static final String ADMIN = AdminService.PREFIX;

  @TempDir Path dir;
  private MatchlistServer server;
  private AdminHttp admin;
  private Catalog catalog;

  @BeforeEach
  void start() {
    server = MatchlistServer.start(MatchlistServer.Settings.builder(dir).port(0).build());
    admin = new AdminHttp(server.baseUrl(), Optional.of(server.adminToken().value()));
    catalog = server.parts().catalog();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private AdminHttp as(String token) {
    return new AdminHttp(server.baseUrl(), Optional.of(token));
  }

  @Test
  void aCallWithoutTheAuthorizationHeaderIs104() {
    AdminHttp.Answer answer =
        new AdminHttp(server.baseUrl(), Optional.empty()).get(ADMIN + "/apps");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error().get("code").asInt()).isEqualTo(104);
  }

  @Test
  void theAdminTokenAsAnAccessTokenParameterIsNotAccepted() {
    AdminHttp.Answer answer =
        new AdminHttp(server.baseUrl(), Optional.empty())
            .get(ADMIN + "/apps?access_token=" + server.adminToken().value());

    assertThat(answer.error().get("code").asInt()).isEqualTo(104);
  }

  @Test
  void aWrongBearerTokenIs190() {
    AdminHttp.Answer answer = as("MLADMINnotreally").get(ADMIN + "/apps");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error().get("code").asInt()).isEqualTo(190);
  }

  @Test
  void aLiveGraphAccessTokenIsRefusedWith403() {
    Catalog.App app = catalog.createApp("shop", false);
    Catalog.AdAccount account = catalog.createAdAccount("A", app.id());
    String token = catalog.issueToken("t", app.id(), Set.of(account.id())).token();

    AdminHttp.Answer answer = as(token).post(ADMIN + "/apps", "{\"name\":\"mine\"}");

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.error().get("code").asInt()).isEqualTo(200);
    assertThat(catalog.apps()).hasSize(1);
  }

  @Test
  void creatingAnAppReturnsItsSecretOnceAndListingLeavesItOut() {
    AdminHttp.Answer created =
        admin.post(ADMIN + "/apps", "{\"name\":\"shop\",\"require_proof\":true}");
    AdminHttp.Answer listed = admin.get(ADMIN + "/apps");

    String id = created.body().get("id").asText();
    assertThat(created.body().get("secret").asText())
        .isEqualTo(catalog.app(id).orElseThrow().secret());
    assertThat(created.body().get("require_proof").asBoolean()).isTrue();
    assertThat(listed.body().get("data")).hasSize(1);
    assertThat(listed.body().get("data").get(0).get("id").asText()).isEqualTo(id);
    assertThat(listed.raw()).doesNotContain(catalog.app(id).orElseThrow().secret());
  }

  @Test
  void anAppNeedsAName() {
    AdminHttp.Answer answer = admin.post(ADMIN + "/apps", "{}");

    assertThat(answer.error().get("code").asInt()).isEqualTo(100);
    assertThat(answer.error().get("message").asText()).contains("name");
  }

  @Test
  void anAdAccountIsCreatedUnderAnExistingApp() {
    Catalog.App app = catalog.createApp("shop", false);

    AdminHttp.Answer created =
        admin.post(ADMIN + "/ad_accounts", "{\"name\":\"A\",\"app_id\":\"" + app.id() + "\"}");
    JsonNode listed = admin.get(ADMIN + "/ad_accounts").body().get("data");

    String accountId = created.body().get("account_id").asText();
    assertThat(created.body().get("id").asText()).isEqualTo("act_" + accountId);
    assertThat(catalog.adAccount(accountId).orElseThrow().appId()).isEqualTo(app.id());
    assertThat(listed.findValuesAsText("account_id")).containsExactly(accountId);
  }

  @Test
  void anAdAccountOfAnUnknownAppIsRefusedWith100() {
    AdminHttp.Answer answer =
        admin.post(ADMIN + "/ad_accounts", "{\"name\":\"A\",\"app_id\":\"123\"}");

    assertThat(answer.error().get("code").asInt()).isEqualTo(100);
    assertThat(answer.error().get("message").asText()).contains("app_id");
  }

  @Test
  void anIssuedTokenWorksAndTheListNeverShowsIt() {
    Catalog.App app = catalog.createApp("shop", false);
    Catalog.AdAccount account = catalog.createAdAccount("A", app.id());

    AdminHttp.Answer issued =
        admin.post(
            ADMIN + "/tokens",
            "{\"label\":\"ci\",\"app_id\":\""
                + app.id()
                + "\",\"ad_account_ids\":[\"act_"
                + account.id()
                + "\"]}");
    AdminHttp.Answer listed = admin.get(ADMIN + "/tokens");

    String token = issued.body().get("token").asText();
    assertThat(catalog.grantFor(token).orElseThrow().adAccountIds()).containsExactly(account.id());
    assertThat(listed.body().get("data").get(0).get("label").asText()).isEqualTo("ci");
    assertThat(listed.body().get("data").get(0).has("token")).isFalse();
    assertThat(listed.raw()).doesNotContain(token);
  }

  @Test
  void tokenAccountsMayBeAFormEncodedCommaList() {
    Catalog.App app = catalog.createApp("shop", false);
    Catalog.AdAccount a = catalog.createAdAccount("A", app.id());
    Catalog.AdAccount b = catalog.createAdAccount("B", app.id());

    AdminHttp.Answer issued =
        admin.send(
            "POST",
            ADMIN + "/tokens?app_id=" + app.id() + "&ad_account_ids=act_" + a.id() + "," + b.id(),
            null);

    assertThat(catalog.grantFor(issued.body().get("token").asText()).orElseThrow().adAccountIds())
        .containsExactlyInAnyOrder(a.id(), b.id());
  }

  @Test
  void aTokenOnAnotherAppsAdAccountIsRefused() {
    Catalog.App app = catalog.createApp("shop", false);
    Catalog.App other = catalog.createApp("other", false);
    Catalog.AdAccount foreign = catalog.createAdAccount("F", other.id());

    AdminHttp.Answer answer =
        admin.post(
            ADMIN + "/tokens",
            "{\"app_id\":\"" + app.id() + "\",\"ad_account_ids\":[\"" + foreign.id() + "\"]}");

    assertThat(answer.error().get("code").asInt()).isEqualTo(100);
    assertThat(answer.error().get("message").asText()).contains("belongs to app " + other.id());
    assertThat(catalog.tokens()).isEmpty();
  }

  @Test
  void revokingAnUnknownTokenIs100Subcode33() {
    AdminHttp.Answer answer = admin.delete(ADMIN + "/tokens/4242");

    assertThat(answer.error().get("code").asInt()).isEqualTo(100);
    assertThat(answer.error().get("error_subcode").asInt()).isEqualTo(33);
  }

  @Test
  void aRevokedTokenIsListedAsRevoked() {
    Catalog.App app = catalog.createApp("shop", false);
    Catalog.AdAccount account = catalog.createAdAccount("A", app.id());
    Catalog.IssuedToken issued = catalog.issueToken("t", app.id(), Set.of(account.id()));

    admin.delete(ADMIN + "/tokens/" + issued.grant().id());

    assertThat(catalog.grantFor(issued.token())).isEmpty();
    assertThat(admin.get(ADMIN + "/tokens").body().get("data").get(0).get("revoked").asBoolean())
        .isTrue();
  }

  @Test
  void aFaultPlanIsShownBackInSnakeCase() {
    Catalog.App app = catalog.createApp("shop", false);
    Catalog.AdAccount account = catalog.createAdAccount("A", app.id());
    String path = ADMIN + "/ad_accounts/act_" + account.id() + "/faults";

    admin.post(
        path,
        "{\"latency_ms\":5,\"seed\":7,\"rules\":[{\"fraction\":0.5,"
            + "\"error\":{\"code\":2,\"is_transient\":true}}]}");
    JsonNode plan = admin.get(path).body().get("plan");

    assertThat(plan.get("latency_ms").asLong()).isEqualTo(5);
    assertThat(plan.get("seed").asLong()).isEqualTo(7);
    assertThat(plan.get("rules").get(0).get("fraction").asDouble()).isEqualTo(0.5);
    assertThat(plan.get("rules").get(0).get("error").get("is_transient").asBoolean()).isTrue();
    assertThat(server.parts().faults().plan(account.id()).orElseThrow().rules()).hasSize(1);
  }

  @Test
  void anInvalidFaultPlanIs100WithTheReason() {
    Catalog.App app = catalog.createApp("shop", false);
    Catalog.AdAccount account = catalog.createAdAccount("A", app.id());

    AdminHttp.Answer answer =
        admin.post(
            ADMIN + "/ad_accounts/" + account.id() + "/faults",
            "{\"rules\":[{\"fraction\":2,\"html_status\":502}]}");

    assertThat(answer.error().get("code").asInt()).isEqualTo(100);
    assertThat(answer.error().get("message").asText()).contains("fraction must be in (0, 1]");
    assertThat(server.parts().faults().plan(account.id())).isEmpty();
  }

  @Test
  void aMisspelledFaultPlanFieldIs100NamingIt() {
    Catalog.App app = catalog.createApp("shop", false);
    Catalog.AdAccount account = catalog.createAdAccount("A", app.id());

    AdminHttp.Answer answer =
        admin.post(
            ADMIN + "/ad_accounts/" + account.id() + "/faults", "{\"latency\":5,\"rules\":[]}");

    assertThat(answer.error().get("code").asInt()).isEqualTo(100);
    assertThat(answer.error().get("message").asText()).contains("'latency'");
  }

  @Test
  void faultsOfAnUnknownAdAccountAre100Subcode33() {
    AdminHttp.Answer answer = admin.get(ADMIN + "/ad_accounts/act_999/faults");

    assertThat(answer.error().get("code").asInt()).isEqualTo(100);
    assertThat(answer.error().get("error_subcode").asInt()).isEqualTo(33);
  }

  @Test
  void adAccountIdsAcceptJsonNumbersAndRefuseObjects() {
    assertThat(
            AdminService.adAccountIds(
                dev.matchlist.server.graph.ParamValue.ofText("[1, \"act_2\"]")))
        .containsExactly("1", "2");
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    AdminService.adAccountIds(
                        dev.matchlist.server.graph.ParamValue.ofText("[{\"id\":1}]"))))
        .isInstanceOf(dev.matchlist.server.graph.GraphException.class);
  }
}
