package dev.matchlist.cli.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.cli.ChildProcess;
import dev.matchlist.cli.graph.AudienceCounts;
import dev.matchlist.cli.graph.CustomerFiles;
import dev.matchlist.cli.graph.GraphCli;
import dev.matchlist.cli.graph.GraphTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload stopped half-way (SIGKILL, SIGTERM) and run again with the same {@code --checkpoint}
 * ends exactly as an uninterrupted one: same session, every row received once, same members.
 *
 * <p>Small batches and the emulator's added latency make the upload last long enough for the stop
 * to land in the middle; the test waits for the checkpoint file (the first acknowledged batch)
 * before stopping it, never for a fixed time.
 */
class UploadResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROWS = 20_000;

  @TempDir static Path serverDir;
  private static GraphTestServer server;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    server = GraphTestServer.start(serverDir.resolve("data"), 50_000);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void killedUploadRerunWithItsCheckpointEndsAsIfNothingHappened() throws Exception {
    String audience = server.createAudience("killed");
    Path checkpoint = dir.resolve("upload.checkpoint");

    Process first = startSlowUpload(audience, checkpoint, 4242);
    awaitReceived(audience, first);
    first.destroyForcibly().waitFor();
    JsonNode report = finishUpload(audience, checkpoint);

    assertThat(report.get("resumed").asBoolean()).isTrue();
    assertThat(report.get("session_id").asLong()).isEqualTo(4242);
    assertThat(report.get("num_received").asLong()).isEqualTo(ROWS);
    assertThat(checkpoint).doesNotExist();
    assertThat(sessions(audience)).hasSize(1);
    assertThat(sessions(audience).get(0).get("num_received").asLong()).isEqualTo(ROWS);
    assertThat(members(audience)).isEqualTo(ROWS);
  }

  @Test
  void sigtermKeepsTheCheckpointExitsWith143AndSaysHowToContinue() throws Exception {
    String audience = server.createAudience("terminated");
    Path checkpoint = dir.resolve("term.checkpoint");

    Process first = startSlowUpload(audience, checkpoint, 4343);
    awaitReceived(audience, first);
    int exit = ChildProcess.terminate(first, 60, "upload");
    String stderr = Files.readString(dir.resolve("first.err"));

    assertThat(exit).isEqualTo(143);
    assertThat(stderr)
        .contains("interrupted")
        .contains("rerun the same command")
        .contains(checkpoint.toString());
    assertThat(checkpoint).exists();
    JsonNode report = finishUpload(audience, checkpoint);
    assertThat(report.get("num_received").asLong()).isEqualTo(ROWS);
    assertThat(members(audience)).isEqualTo(ROWS);
  }

  @Test
  void checkpointOfAnotherAudienceIsRefusedAsAUsageError() throws Exception {
    String audience = server.createAudience("first");
    String other = server.createAudience("other");
    Path checkpoint = dir.resolve("foreign.checkpoint");
    Process first = startSlowUpload(audience, checkpoint, 4444);
    awaitReceived(audience, first);
    first.destroyForcibly().waitFor();
    server.clearFaults();

    GraphCli.Result result =
        GraphCli.against(server, dir)
            .run(
                "upload",
                "--audience",
                other,
                dir.resolve("c.csv").toString(),
                "--checkpoint",
                checkpoint.toString());

    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.err()).contains("--checkpoint " + checkpoint);
    assertThat(server.get(other + "/sessions").get("data")).isEmpty();
  }

  /** Session ids are unique per ad account, so each test brings its own. */
  private Process startSlowUpload(String audience, Path checkpoint, long sessionId) {
    Path csv = CustomerFiles.emails(dir.resolve("c.csv"), 0, ROWS);
    server.faults("{\"latency_ms\": 25, \"rules\": []}");
    return GraphCli.against(server, dir)
        .start(
            dir.resolve("first.out"),
            dir.resolve("first.err"),
            "upload",
            "--audience",
            audience,
            csv.toString(),
            "--batch-rows",
            "100",
            "--in-flight",
            "2",
            "--session-id",
            Long.toString(sessionId),
            "--checkpoint",
            checkpoint.toString());
  }

  private JsonNode finishUpload(String audience, Path checkpoint) throws Exception {
    server.clearFaults();
    GraphCli.Result result =
        GraphCli.against(server, dir)
            .run(
                "upload",
                "--audience",
                audience,
                dir.resolve("c.csv").toString(),
                "--batch-rows",
                "100",
                "--checkpoint",
                checkpoint.toString(),
                "--json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    return JSON.readTree(result.out());
  }

  /** Waits until the server has received a tenth of the rows (well past the first batch). */
  private static void awaitReceived(String audience, Process process) throws InterruptedException {
    while (true) {
      JsonNode sessions = server.get(audience + "/sessions").get("data");
      if (sessions != null
          && !sessions.isEmpty()
          && sessions.get(0).get("num_received").asLong() >= ROWS / 10) {
        return;
      }
      if (process.waitFor(20, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "the upload ended before it could be stopped: exit " + process.exitValue());
      }
    }
  }

  private java.util.List<JsonNode> sessions(String audience) {
    AudienceCounts.awaitSettled(server, audience);
    java.util.List<JsonNode> all = new java.util.ArrayList<>();
    server.get(audience + "/sessions").get("data").forEach(all::add);
    return all;
  }

  private long members(String audience) throws Exception {
    AudienceCounts.awaitSettled(server, audience);
    GraphCli.Result shown =
        GraphCli.against(server, dir).run("audiences", "show", audience, "--json");
    assertThat(shown.exitCode()).as(shown.err()).isZero();
    return JSON.readTree(shown.out()).get("approximate_count_lower_bound").asLong();
  }
}
