package dev.matchlist.cli.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.cli.graph.AudienceCounts;
import dev.matchlist.cli.graph.CustomerFiles;
import dev.matchlist.cli.graph.GraphCli;
import dev.matchlist.cli.graph.GraphTestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries and permanent errors of {@code matchlist upload}, driven by the emulator's fault plans:
 * transient failures end in a complete upload that counts every row once; permanent ones stop at
 * the first answer with the Graph code and message and exit 5.
 */
class UploadFailureTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path serverDir;
  private static GraphTestServer server;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    server = GraphTestServer.start(serverDir.resolve("data"), 100_000);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void clearFaults() {
    server.clearFaults();
  }

  private GraphCli cli() {
    return GraphCli.against(server, dir);
  }

  private long sessionReceived(String audience, long session) {
    AudienceCounts.awaitSettled(server, audience);
    return server
        .get(audience + "/sessions?session_id=" + session)
        .get("data")
        .get(0)
        .get("num_received")
        .asLong();
  }

  @Test
  void rateLimitsServerErrorsAndHtmlPagesAreRetriedAndEveryRowCountedOnce() throws Exception {
    String audience = server.createAudience("faults");
    Path csv = CustomerFiles.emails(dir.resolve("c.csv"), 0, 20_000);
    server.faults(
        """
        {"seed": 7, "rules": [
          {"next_calls": 2, "error": {"code": 80003, "error_subcode": 2446079,
                                      "regain_access_minutes": 0}},
          {"next_calls": 1, "error": {"code": 2}},
          {"next_calls": 1, "html_status": 502},
          {"fraction": 0.05, "error": {"code": 1}},
          {"fraction": 0.05, "html_status": 503}]}
        """);

    GraphCli.Result result =
        cli()
            .run(
                "upload",
                "--audience",
                audience,
                csv.toString(),
                "--batch-rows",
                "1000",
                "--session-id",
                "31",
                "--json");

    server.clearFaults(); // the plan fails reads of the account too
    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode report = JSON.readTree(result.out());
    assertThat(report.get("retries").asLong()).isGreaterThanOrEqualTo(4);
    assertThat(report.get("num_received").asLong()).isEqualTo(20_000);
    assertThat(sessionReceived(audience, 31)).isEqualTo(20_000);
    assertThat(result.err()).contains("retrying after code 80003").doesNotContain(server.token());
  }

  @Test
  void rateLimitThatNeverLiftsGivesUpWithExit6AndTheGraphCode() {
    String audience = server.createAudience("throttled");
    Path csv = CustomerFiles.emails(dir.resolve("c.csv"), 0, 100);
    server.faults(
        """
        {"rules": [{"fraction": 1.0, "error": {"code": 80003, "error_subcode": 2446079}}]}
        """);

    GraphCli.Result result =
        cli().run("upload", "--audience", audience, csv.toString(), "--max-attempts", "3");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(6);
    assertThat(result.err())
        .contains("code 80003")
        .contains("gave up retrying")
        .contains("3 attempts");
  }

  @Test
  void rateLimitAskingForLongerThanMaxWaitFailsAtOnceWithExit6() {
    String audience = server.createAudience("long wait");
    Path csv = CustomerFiles.emails(dir.resolve("c.csv"), 0, 100);
    server.faults(
        """
        {"rules": [{"fraction": 1.0, "error": {"code": 80003, "error_subcode": 2446079,
                                               "regain_access_minutes": 30}}]}
        """);

    GraphCli.Result result =
        cli().run("upload", "--audience", audience, csv.toString(), "--max-wait", "PT5M");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(6);
    assertThat(result.err()).contains("code 80003").contains("wait 30 min");
    assertThat(result.err()).doesNotContain("retrying after");
  }

  @Test
  void badTokenStopsAtTheFirstAnswerWith190AndNeverPrintsTheToken() {
    Path csv = CustomerFiles.emails(dir.resolve("c.csv"), 0, 100);
    String badToken = "MLbogus" + "x".repeat(40);

    GraphCli.Result result =
        cli()
            .env("MATCHLIST_TOKEN", badToken)
            .run("upload", "--audience", server.audienceId(), csv.toString(), "--json");

    assertThat(result.exitCode()).isEqualTo(5);
    assertThat(result.err()).contains("code 190").contains("1 attempt");
    assertThat(result.all()).doesNotContain(badToken);
  }

  @Test
  void unknownAudienceStopsWithCode100AndTheGraphMessage() {
    Path csv = CustomerFiles.emails(dir.resolve("c.csv"), 0, 100);

    GraphCli.Result result = cli().run("upload", "--audience", "123456789", csv.toString());

    assertThat(result.exitCode()).isEqualTo(5);
    assertThat(result.err()).contains("code 100").contains("does not exist").contains("1 attempt");
    assertThat(result.all()).doesNotContain(server.token());
  }

  @Test
  void permanentErrorWithJsonStillPrintsThePartialReport() throws Exception {
    Path csv = CustomerFiles.emails(dir.resolve("c.csv"), 0, 100);

    GraphCli.Result result =
        cli().run("upload", "--audience", "123456789", csv.toString(), "--json");

    JsonNode report = JSON.readTree(result.out());
    assertThat(result.exitCode()).isEqualTo(5);
    assertThat(report.get("complete").asBoolean()).isFalse();
    assertThat(report.get("error").asText()).contains("code 100");
    assertThat(report.get("num_received").asLong()).isZero();
  }
}
