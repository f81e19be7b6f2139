package dev.matchlist.cli.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.cli.graph.AudienceCounts;
import dev.matchlist.cli.graph.CustomerFiles;
import dev.matchlist.cli.graph.GraphCli;
import dev.matchlist.cli.graph.GraphTestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code matchlist sessions show} after real uploads. */
class SessionsCommandTest {
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

  private GraphCli cli() {
    return GraphCli.against(server, dir);
  }

  @Test
  void listsEverySessionOfTheAudienceNewestFirst() throws Exception {
    String audience = server.createAudience("two sessions");
    Path csv = CustomerFiles.emails(dir.resolve("c.csv"), 0, 300);
    assertThat(
            cli()
                .run("upload", "--audience", audience, csv.toString(), "--session-id", "11")
                .exitCode())
        .isZero();
    assertThat(
            cli()
                .run("upload", "--audience", audience, csv.toString(), "--session-id", "12")
                .exitCode())
        .isZero();
    AudienceCounts.awaitSettled(server, audience);

    GraphCli.Result result = cli().run("sessions", "show", "--audience", audience, "--json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode data = JSON.readTree(result.out()).get("data");
    assertThat(data).hasSize(2);
    assertThat(data.get(0).get("session_id").asLong()).isEqualTo(12);
    assertThat(data.get(1).get("session_id").asLong()).isEqualTo(11);
    assertThat(data.get(1).get("num_received").asLong()).isEqualTo(300);
    assertThat(data.get(1).get("num_matched").asLong()).isEqualTo(300);
  }

  @Test
  void tableShowsStageAndCounts() {
    String audience = server.createAudience("table");
    Path csv = CustomerFiles.emails(dir.resolve("c.csv"), 0, 50);
    assertThat(
            cli()
                .run("upload", "--audience", audience, csv.toString(), "--session-id", "99")
                .exitCode())
        .isZero();
    AudienceCounts.awaitSettled(server, audience);

    GraphCli.Result result = cli().run("sessions", "show", "--audience", audience);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .containsPattern(
            "(?m)^SESSION +STAGE +RECEIVED +INVALID +MATCHED +PROGRESS +STARTED +ENDED$")
        .containsPattern("(?m)^99 +finished +50 +0 +50 +100 ");
  }

  @Test
  void unknownSessionExitsWith5() {
    GraphCli.Result result =
        cli().run("sessions", "show", "--audience", server.audienceId(), "--session", "123456");

    assertThat(result.exitCode()).isEqualTo(5);
    assertThat(result.err()).contains("no session 123456");
  }
}
