package dev.matchlist.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.cli.serve.CliRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code matchlist admin} as real processes against a real {@code matchlist serve}. */
class AdminCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private CliRun.Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void serve(String... extra) {
    List<String> args = new ArrayList<>(List.of("--data", dir.toString(), "--port", "0"));
    args.addAll(List.of(extra));
    server = CliRun.Server.start(args.toArray(String[]::new));
  }

  /** Runs an admin command against the server with --data; expects exit 0 and JSON. */
  private JsonNode adminJson(String... args) throws Exception {
    CliRun.Result result = admin(args);
    assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
    return JSON.readTree(result.out());
  }

  private CliRun.Result admin(String... args) {
    List<String> all = new ArrayList<>(List.of("admin"));
    all.addAll(List.of(args));
    all.addAll(List.of("--server", server.baseUrl(), "--data", dir.toString()));
    return CliRun.run(all.toArray(String[]::new));
  }

  @Test
  void appsAccountsAndTokensAreCreatedAndListedWithoutTokenValues() throws Exception {
    serve();

    JsonNode app = adminJson("apps", "create", "--name", "shop", "--json");
    JsonNode account =
        adminJson("accounts", "create", "--name", "A", "--app", app.get("id").asText(), "--json");
    JsonNode token =
        adminJson(
            "tokens",
            "create",
            "--app",
            app.get("id").asText(),
            "--account",
            account.get("id").asText(),
            "--label",
            "ci",
            "--json");
    CliRun.Result tokens = admin("tokens", "list", "--json");

    assertThat(app.get("secret").asText()).hasSize(32);
    assertThat(token.get("token").asText()).startsWith("ML");
    assertThat(token.get("ad_account_ids").get(0).asText())
        .isEqualTo(account.get("account_id").asText());
    assertThat(tokens.exitCode()).isEqualTo(0);
    assertThat(JSON.readTree(tokens.out()).get("data").get(0).get("id").asText())
        .isEqualTo(token.get("id").asText());
    assertThat(tokens.out()).doesNotContain(token.get("token").asText());
  }

  @Test
  void aRestartedServerKeepsAppsAndTokens() throws Exception {
    serve();
    JsonNode app = adminJson("apps", "create", "--name", "shop", "--json");
    JsonNode account =
        adminJson("accounts", "create", "--name", "A", "--app", app.get("id").asText(), "--json");
    JsonNode token =
        adminJson(
            "tokens",
            "create",
            "--app",
            app.get("id").asText(),
            "--account",
            account.get("account_id").asText(),
            "--json");
    assertThat(server.terminate()).isEqualTo(0);
    server.close();

    serve();

    assertThat(adminJson("apps", "list", "--json").get("data").findValuesAsText("id"))
        .containsExactly(app.get("id").asText());
    assertThat(adminJson("tokens", "list", "--json").get("data").findValuesAsText("id"))
        .containsExactly(token.get("id").asText());
  }

  @Test
  void revokedTokensAreListedAsRevoked() throws Exception {
    serve();
    JsonNode app = adminJson("apps", "create", "--name", "shop", "--json");
    JsonNode account =
        adminJson("accounts", "create", "--name", "A", "--app", app.get("id").asText(), "--json");
    JsonNode token =
        adminJson(
            "tokens",
            "create",
            "--app",
            app.get("id").asText(),
            "--account",
            account.get("id").asText(),
            "--json");

    CliRun.Result revoke = admin("tokens", "revoke", token.get("id").asText());

    assertThat(revoke.exitCode()).isEqualTo(0);
    assertThat(revoke.out()).contains("Revoked token " + token.get("id").asText());
    assertThat(adminJson("tokens", "list", "--json").get("data").get(0).get("revoked").asBoolean())
        .isTrue();
  }

  @Test
  void withoutJsonTheListIsATable() throws Exception {
    serve();
    adminJson("apps", "create", "--name", "corner-shop", "--json");

    CliRun.Result list = admin("apps", "list");

    assertThat(list.exitCode()).isEqualTo(0);
    String[] lines = list.out().split("\n");
    assertThat(lines[0]).matches("ID +NAME +REQUIRE_PROOF +CREATED");
    assertThat(lines[1]).matches("\\d{16} +corner-shop +false +\\d{4}-.*Z");
  }

  @Test
  void faultPlansAreSetShownAndCleared() throws Exception {
    serve();
    JsonNode app = adminJson("apps", "create", "--name", "shop", "--json");
    JsonNode account =
        adminJson("accounts", "create", "--name", "A", "--app", app.get("id").asText(), "--json");
    String id = account.get("id").asText();

    JsonNode set =
        adminJson(
            "faults",
            "set",
            "--account",
            id,
            "--plan",
            "{\"latency_ms\":10,\"rules\":[{\"next_calls\":2,\"html_status\":503}]}",
            "--json");
    JsonNode shown = adminJson("faults", "show", "--account", id, "--json");
    CliRun.Result cleared = admin("faults", "clear", "--account", id);
    CliRun.Result after = admin("faults", "show", "--account", id);

    assertThat(set.get("plan").get("rules").get(0).get("html_status").asInt()).isEqualTo(503);
    assertThat(shown.get("plan").get("latency_ms").asInt()).isEqualTo(10);
    assertThat(cleared.exitCode()).isEqualTo(0);
    assertThat(after.out()).contains("No fault plan for " + id);
  }

  @Test
  void anInvalidFaultPlanIsRefusedWithExit5AndTheReason() throws Exception {
    serve();
    JsonNode app = adminJson("apps", "create", "--name", "shop", "--json");
    JsonNode account =
        adminJson("accounts", "create", "--name", "A", "--app", app.get("id").asText(), "--json");

    CliRun.Result result =
        admin(
            "faults",
            "set",
            "--account",
            account.get("id").asText(),
            "--plan",
            "{\"rules\":[{\"next_calls\":0,\"html_status\":503}]}");

    assertThat(result.exitCode()).isEqualTo(5);
    assertThat(result.err()).contains("next_calls must be at least 1").contains("code 100");
  }

  @Test
  void aWrongAdminTokenIsRefusedWithExit5() {
    serve();

    CliRun.Result result =
        CliRun.run(
            Map.of("MATCHLIST_ADMIN_TOKEN", "MLADMINwrong"),
            "admin",
            "apps",
            "list",
            "--server",
            server.baseUrl());

    assertThat(result.exitCode()).isEqualTo(5);
    assertThat(result.err()).contains("code 190");
  }

  @Test
  void anUnreachableServerIsExit4() {
    CliRun.Result result =
        CliRun.run(
            Map.of("MATCHLIST_ADMIN_TOKEN", "t"),
            "admin",
            "apps",
            "list",
            "--server",
            "http://127.0.0.1:1");

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.err()).contains("cannot reach http://127.0.0.1:1");
  }

  @Test
  void noAdminTokenAnywhereIsAUsageError() {
    CliRun.Result result = CliRun.run("admin", "apps", "list");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--data").contains("MATCHLIST_ADMIN_TOKEN");
  }

  @Test
  void aSelfSignedServerIsReachedWithItsFingerprintAndRefusedWithAnother() {
    serve("--tls-self-signed");

    CliRun.Result pinned = admin("apps", "list", "--tls-fingerprint", server.fingerprint());
    CliRun.Result wrong = admin("apps", "list", "--tls-fingerprint", "AB".repeat(32));
    CliRun.Result unpinned = admin("apps", "list");
    CliRun.Result insecure = admin("apps", "list", "--insecure");

    assertThat(pinned.exitCode()).as(pinned.err()).isEqualTo(0);
    assertThat(wrong.exitCode()).isEqualTo(4);
    assertThat(wrong.err()).contains("not the pinned fingerprint");
    assertThat(unpinned.exitCode()).isEqualTo(4);
    assertThat(insecure.exitCode()).isEqualTo(0);
  }
}
