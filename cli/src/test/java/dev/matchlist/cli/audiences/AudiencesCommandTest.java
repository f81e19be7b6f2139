package dev.matchlist.cli.audiences;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.cli.graph.GraphCli;
import dev.matchlist.cli.graph.GraphTestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code matchlist audiences} as real processes against a real Matchlist server. */
class AudiencesCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path serverDir;
  private static GraphTestServer server;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    server = GraphTestServer.start(serverDir.resolve("data"), 10_000);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private GraphCli.Result run(String... args) {
    return GraphCli.against(server, dir).run(args);
  }

  private JsonNode json(String... args) throws Exception {
    GraphCli.Result result = run(args);
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.all()).doesNotContain(server.token());
    return JSON.readTree(result.out());
  }

  @Test
  void createdAudienceIsShownListedAndDeleted() throws Exception {
    JsonNode created =
        json(
            "audiences",
            "create",
            "--account",
            server.adAccountId(),
            "--name",
            "Newsletter",
            "--description",
            "opted in",
            "--json");
    String id = created.get("id").asText();

    JsonNode shown = json("audiences", "show", id, "--json");
    JsonNode listed = json("audiences", "list", "--account", server.adAccountId(), "--json");
    JsonNode deleted = json("audiences", "delete", id, "--json");
    GraphCli.Result afterDelete = run("audiences", "show", id);

    assertThat(shown.get("name").asText()).isEqualTo("Newsletter");
    assertThat(shown.get("description").asText()).isEqualTo("opted in");
    assertThat(shown.get("operation_status").get("code").asInt()).isEqualTo(410);
    List<String> ids = new ArrayList<>();
    listed.get("data").forEach(a -> ids.add(a.get("id").asText()));
    assertThat(ids).contains(id, server.audienceId());
    assertThat(deleted.get("success").asBoolean()).isTrue();
    assertThat(afterDelete.exitCode()).isEqualTo(5);
    assertThat(afterDelete.err()).contains("code 100");
  }

  @Test
  void valueBasedFlagReachesTheServer() throws Exception {
    String id =
        json(
                "audiences",
                "create",
                "--account",
                server.adAccountId(),
                "--name",
                "LTV",
                "--value-based",
                "--json")
            .get("id")
            .asText();

    assertThat(json("audiences", "show", id, "--json").get("is_value_based").asBoolean()).isTrue();
  }

  @Test
  void showWithoutJsonPrintsAReadableTable() {
    GraphCli.Result result = run("audiences", "show", server.audienceId());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .containsPattern("(?m)^FIELD +VALUE$")
        .containsPattern("(?m)^name +Demo audience$")
        .containsPattern("(?m)^operation_status +410 ");
  }

  @Test
  void listWithoutJsonPrintsOneRowPerAudience() {
    GraphCli.Result result = run("audiences", "list", "--account", server.adAccountId());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .containsPattern("(?m)^ID +NAME +SIZE +OPERATION +DELIVERY +UPDATED$")
        .containsPattern("(?m)^" + server.audienceId() + " +Demo audience +0 +410 ");
  }

  @Test
  void badTokenExitsWith5AndCode190WithoutPrintingTheToken() {
    String badToken = "MLnotatoken" + "y".repeat(30);

    GraphCli.Result result =
        GraphCli.against(server, dir)
            .env("MATCHLIST_TOKEN", badToken)
            .run("audiences", "list", "--account", server.adAccountId());

    assertThat(result.exitCode()).isEqualTo(5);
    assertThat(result.err()).contains("code 190");
    assertThat(result.all()).doesNotContain(badToken);
  }

  @Test
  void appSecretAddsAProofTheServerChecksAndIsNeverPrinted() {
    String wrongSecret = "0123456789abcdef0123456789abcdef";

    GraphCli.Result right =
        GraphCli.against(server, dir)
            .env("MATCHLIST_APP_SECRET", server.appSecret())
            .run("audiences", "show", server.audienceId());
    GraphCli.Result wrong =
        GraphCli.against(server, dir)
            .env("MATCHLIST_APP_SECRET", wrongSecret)
            .run("audiences", "show", server.audienceId());

    assertThat(right.exitCode()).as(right.err()).isZero();
    assertThat(wrong.exitCode()).isEqualTo(5);
    assertThat(wrong.err()).contains("appsecret_proof");
    assertThat(right.all() + wrong.all())
        .doesNotContain(server.appSecret())
        .doesNotContain(wrongSecret);
  }

  @Test
  void unreachableHostGivesUpWithExit6() {
    GraphCli.Result result =
        GraphCli.against(server, dir)
            .env("MATCHLIST_BASE_URL", "http://127.0.0.1:1")
            .run("audiences", "show", server.audienceId(), "--max-attempts", "2");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(6);
    assertThat(result.err()).contains("gave up retrying");
  }

  @Test
  void helpShowsAnExample() {
    GraphCli.Result result = run("audiences", "create", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("Example:").contains("matchlist audiences create --account");
  }
}
