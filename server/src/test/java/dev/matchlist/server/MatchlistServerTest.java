package dev.matchlist.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.matchlist.server.access.Caller;
import dev.matchlist.server.graph.GraphResponse;
import dev.matchlist.server.graph.GraphService;
import dev.matchlist.server.graph.ServerConfig;
import dev.matchlist.server.store.RocksStore;
import java.net.URI;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled server over real HTTP: admin API, Access and AccountGate, restart, TLS. */
class MatchlistServerTest {
  private static final String ADMIN = "/_matchlist/admin/v1";

  /** A probe route that goes through the same checks as the feature routes. */
  private static final Function<MatchlistServer.Parts, GraphService> PROBE =
      parts ->
          routes ->
              routes.get(
                  "/act_{account}/probe",
                  request -> {
                    Caller caller = parts.access().caller(request);
                    String account =
                        parts
                            .access()
                            .adAccount(request, caller, request.pathParam("account"))
                            .id();
                    parts.gate().pass(request, caller, account);
                    return GraphResponse.ok(Map.of("account", account));
                  });

  @TempDir java.nio.file.Path dir;
  private MatchlistServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private MatchlistServer start(ServerConfig.Tls tls) {
    return MatchlistServer.start(
        MatchlistServer.Settings.builder(dir).port(0).tls(tls).build(), List.of(PROBE));
  }

  private AdminHttp admin() {
    return new AdminHttp(server.baseUrl(), Optional.of(server.adminToken().value()));
  }

  private AdminHttp anonymous() {
    return new AdminHttp(server.baseUrl(), Optional.empty());
  }

  /** Creates an app, an ad account and a token for it through the admin API. */
  private record Tenant(String appId, String accountId, String grantId, String token) {}

  private Tenant tenant() {
    JsonNode app = admin().post(ADMIN + "/apps", "{\"name\":\"shop\"}").body();
    JsonNode account =
        admin()
            .post(
                ADMIN + "/ad_accounts",
                "{\"name\":\"A\",\"app_id\":\"" + app.get("id").asText() + "\"}")
            .body();
    JsonNode token =
        admin()
            .post(
                ADMIN + "/tokens",
                "{\"label\":\"ci\",\"app_id\":\""
                    + app.get("id").asText()
                    + "\",\"ad_account_ids\":[\""
                    + account.get("id").asText()
                    + "\"]}")
            .body();
    return new Tenant(
        app.get("id").asText(),
        account.get("account_id").asText(),
        token.get("id").asText(),
        token.get("token").asText());
  }

  private AdminHttp.Answer probe(Tenant tenant) {
    return anonymous()
        .get("/v21.0/act_" + tenant.accountId() + "/probe?access_token=" + tenant.token());
  }

  @Test
  void aTokenIssuedThroughTheAdminApiPassesAccessOnAGraphRoute() {
    server = start(ServerConfig.Tls.none());
    Tenant tenant = tenant();

    AdminHttp.Answer answer = probe(tenant);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("account").asText()).isEqualTo(tenant.accountId());
  }

  @Test
  void aTokenRevokedThroughTheAdminApiIs190OnGraphRoutes() {
    server = start(ServerConfig.Tls.none());
    Tenant tenant = tenant();

    AdminHttp.Answer revoke = admin().delete(ADMIN + "/tokens/" + tenant.grantId());
    AdminHttp.Answer answer = probe(tenant);

    assertThat(revoke.body().get("success").asBoolean()).isTrue();
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error().get("code").asInt()).isEqualTo(190);
  }

  @Test
  void theAdminTokenIsNotAGraphToken() {
    server = start(ServerConfig.Tls.none());
    Tenant tenant = tenant();

    AdminHttp.Answer answer =
        anonymous()
            .get(
                "/v21.0/act_"
                    + tenant.accountId()
                    + "/probe?access_token="
                    + server.adminToken().value());

    assertThat(answer.error().get("code").asInt()).isEqualTo(190);
  }

  @Test
  void aFaultPlanSetThroughTheAdminApiIsAppliedByTheAccountGate() {
    server = start(ServerConfig.Tls.none());
    Tenant tenant = tenant();

    AdminHttp.Answer set =
        admin()
            .post(
                ADMIN + "/ad_accounts/act_" + tenant.accountId() + "/faults",
                "{\"rules\":[{\"next_calls\":1,\"error\":{\"code\":80003,\"error_subcode\":2446079}}]}");
    AdminHttp.Answer failed = probe(tenant);
    AdminHttp.Answer fine = probe(tenant);

    assertThat(set.status()).isEqualTo(200);
    assertThat(failed.error().get("code").asInt()).isEqualTo(80003);
    assertThat(failed.error().get("error_subcode").asInt()).isEqualTo(2446079);
    assertThat(fine.status()).isEqualTo(200);
  }

  @Test
  void aFaultPlanAddsItsLatencyToEveryCallAndAnswersA2650SubcodeAndACode1AsAsked() {
    server = start(ServerConfig.Tls.none());
    Tenant tenant = tenant();
    admin()
        .post(
            ADMIN + "/ad_accounts/act_" + tenant.accountId() + "/faults",
            "{\"latency_ms\":300,\"rules\":["
                + "{\"next_calls\":1,\"error\":{\"code\":2650,\"error_subcode\":1870145}},"
                + "{\"next_calls\":1,\"error\":{\"code\":1}}]}");

    long start = System.nanoTime();
    AdminHttp.Answer updateFailed = probe(tenant);
    AdminHttp.Answer unknownError = probe(tenant);
    AdminHttp.Answer fine = probe(tenant);
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(updateFailed.status()).isEqualTo(400);
    assertThat(updateFailed.error().get("code").asInt()).isEqualTo(2650);
    assertThat(updateFailed.error().get("error_subcode").asInt()).isEqualTo(1870145);
    assertThat(updateFailed.error().get("message").asText())
        .startsWith("(#2650) Failed to update the custom audience");
    assertThat(unknownError.status()).isEqualTo(500);
    assertThat(unknownError.error().get("is_transient").asBoolean()).isTrue();
    assertThat(fine.status()).isEqualTo(200);
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(3 * 300);
  }

  @Test
  void aClearedFaultPlanNoLongerFails() {
    server = start(ServerConfig.Tls.none());
    Tenant tenant = tenant();
    String faults = ADMIN + "/ad_accounts/" + tenant.accountId() + "/faults";
    admin().post(faults, "{\"rules\":[{\"fraction\":1.0,\"html_status\":502}]}");
    assertThat(probe(tenant).status()).isEqualTo(502);

    admin().delete(faults);

    assertThat(probe(tenant).status()).isEqualTo(200);
    assertThat(admin().get(faults).body().get("plan").isNull()).isTrue();
  }

  @Test
  void aRestartKeepsAppsAccountsTokensAndTheAdminToken() {
    server = start(ServerConfig.Tls.none());
    Tenant tenant = tenant();
    String adminToken = server.adminToken().value();
    server.close();

    server = start(ServerConfig.Tls.none());

    assertThat(server.adminToken().value()).isEqualTo(adminToken);
    assertThat(admin().get(ADMIN + "/apps").body().get("data").findValuesAsText("id"))
        .containsExactly(tenant.appId());
    assertThat(probe(tenant).status()).isEqualTo(200);
  }

  @Test
  void closeReleasesTheStore() {
    server = start(ServerConfig.Tls.none());
    server.close();

    try (RocksStore reopened = RocksStore.open(dir.resolve(MatchlistServer.STORE_DIRECTORY))) {
      assertThat(reopened).isNotNull();
    }
  }

  @Test
  void theAdminTokenFileIsOwnerOnlyInTheDataDirectory() throws Exception {
    server = start(ServerConfig.Tls.none());

    assertThat(server.adminTokenFile()).isEqualTo(dir.resolve("admin-token"));
    assertThat(java.nio.file.Files.readString(server.adminTokenFile()).strip())
        .isEqualTo(server.adminToken().value());
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(server.adminTokenFile())))
        .isEqualTo("rw-------");
  }

  @Test
  void aSelfSignedServerReportsTheFingerprintOfTheCertificateItServes() throws Exception {
    server = start(ServerConfig.Tls.selfSigned(dir));

    X509Certificate served = servedCertificate(server.baseUrl());
    String expected =
        HexFormat.ofDelimiter(":")
            .withUpperCase()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(served.getEncoded()));

    assertThat(server.baseUrl()).startsWith("https://");
    assertThat(server.certificateFingerprint()).contains(expected);
  }

  private static X509Certificate servedCertificate(String baseUrl) throws Exception {
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trustAll}, null);
    HttpsURLConnection connection =
        (HttpsURLConnection) URI.create(baseUrl + "/v21.0/1").toURL().openConnection();
    connection.setSSLSocketFactory(context.getSocketFactory());
    connection.setHostnameVerifier((host, session) -> true);
    try {
      connection.getResponseCode();
      return (X509Certificate) connection.getServerCertificates()[0];
    } finally {
      connection.disconnect();
    }
  }
}
