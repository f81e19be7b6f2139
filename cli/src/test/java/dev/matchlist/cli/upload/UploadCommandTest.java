package dev.matchlist.cli.upload;

import static java.nio.file.StandardOpenOption.APPEND;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.cli.graph.AudienceCounts;
import dev.matchlist.cli.graph.CustomerFiles;
import dev.matchlist.cli.graph.GraphCli;
import dev.matchlist.cli.graph.GraphTestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code matchlist upload|remove|replace} as real processes against a real Matchlist server over a
 * synthetic population, reading the results back with {@code matchlist audiences show}.
 */
class UploadCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PEOPLE = 200_000;

  @TempDir static Path serverDir;
  private static GraphTestServer server;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    server = GraphTestServer.start(serverDir.resolve("data"), PEOPLE);
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

  private JsonNode json(GraphCli.Result result) throws Exception {
    assertThat(result.exitCode()).as(result.err()).isZero();
    return JSON.readTree(result.out());
  }

  /** The audience's member count once its sessions have settled, read through the CLI. */
  private long members(String audience) throws Exception {
    AudienceCounts.awaitSettled(server, audience);
    JsonNode shown = json(cli().run("audiences", "show", audience, "--json"));
    long lower = shown.get("approximate_count_lower_bound").asLong();
    assertThat(shown.get("approximate_count_upper_bound").asLong())
        .as("choose counts with two significant digits, so the range is exact")
        .isEqualTo(lower);
    return lower;
  }

  @Test
  void uploadOf100kRowsSendsThemInOneSessionAndTheAudienceCountsThem() throws Exception {
    String audience = server.createAudience("100k");
    Path csv = CustomerFiles.emails(dir.resolve("customers.csv"), 0, 100_000);

    JsonNode report =
        json(
            cli()
                .run(
                    "upload",
                    "--audience",
                    audience,
                    csv.toString(),
                    "--session-id",
                    "777",
                    "--json"));

    assertThat(report.get("complete").asBoolean()).isTrue();
    assertThat(report.get("session_id").asLong()).isEqualTo(777);
    assertThat(report.get("rows_read").asLong()).isEqualTo(100_000);
    assertThat(report.get("rows_invalid").asLong()).isZero();
    assertThat(report.get("num_received").asLong()).isEqualTo(100_000);
    assertThat(report.get("batches_sent").asLong()).isEqualTo(10);
    assertThat(members(audience)).isEqualTo(100_000);
    JsonNode session =
        json(cli().run("sessions", "show", "--audience", audience, "--session", "777", "--json"));
    assertThat(session.get("num_received").asLong()).isEqualTo(100_000);
    assertThat(session.get("num_matched").asLong()).isEqualTo(100_000);
    assertThat(session.get("stage").asText()).isEqualTo("finished");
  }

  @Test
  void removeTakesThePeopleOfTheFileOut() throws Exception {
    String audience = server.createAudience("remove");
    Path all = CustomerFiles.emails(dir.resolve("all.csv"), 1_000, 1_000);
    Path some = CustomerFiles.emails(dir.resolve("some.csv"), 1_000, 400);
    json(cli().run("upload", "--audience", audience, all.toString(), "--json"));
    members(audience);

    JsonNode report = json(cli().run("remove", "--audience", audience, some.toString(), "--json"));

    assertThat(report.get("operation").asText()).isEqualTo("REMOVE");
    assertThat(report.get("num_received").asLong()).isEqualTo(400);
    assertThat(members(audience)).isEqualTo(600);
  }

  @Test
  void replaceLeavesExactlyThePeopleOfTheNewFile() throws Exception {
    String audience = server.createAudience("replace");
    Path before = CustomerFiles.emails(dir.resolve("before.csv"), 5_000, 1_000);
    Path after = CustomerFiles.emails(dir.resolve("after.csv"), 5_800, 500);
    json(cli().run("upload", "--audience", audience, before.toString(), "--json"));
    assertThat(members(audience)).isEqualTo(1_000);

    JsonNode report =
        json(
            cli()
                .run(
                    "replace",
                    "--audience",
                    audience,
                    after.toString(),
                    "--batch-rows",
                    "100",
                    "--json"));

    assertThat(report.get("operation").asText()).isEqualTo("REPLACE");
    assertThat(report.get("num_received").asLong()).isEqualTo(500);
    assertThat(members(audience)).isEqualTo(500);
  }

  @Test
  void textReportGoesToStdoutAndPlainOutputHasNoCarriageReturns() {
    String audience = server.createAudience("text");
    Path csv = dir.resolve("mixed.csv");
    writeLines(
        csv,
        "email,shoe size",
        "user1@example.com,42",
        "zebra crossing,41",
        "user2@example.com,40");

    GraphCli.Result result = cli().run("upload", "--audience", audience, csv.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("rows read: 3")
        .contains("rows invalid (not sent): 1")
        .contains("line 3")
        .contains("num_received 2")
        .doesNotContain("zebra");
    assertThat(result.err()).contains("ignored column 2 \"shoe size\": unknown column");
    assertThat(result.all()).doesNotContain("\r").doesNotContain(server.token());
  }

  @Test
  void strictTurnsInvalidRowsIntoExitCode3AfterSendingTheRest() throws Exception {
    String audience = server.createAudience("strict");
    Path csv = dir.resolve("bad.csv");
    writeLines(csv, "email", "user1@example.com", "nobody-at-example");

    GraphCli.Result result =
        cli().run("upload", "--audience", audience, csv.toString(), "--strict", "--json");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(JSON.readTree(result.out()).get("num_received").asLong()).isEqualTo(1);
  }

  @Test
  void fileWithoutAnyKnownColumnIsAUsageErrorBeforeAnythingIsSent() {
    String audience = server.createAudience("nokey");
    Path csv = dir.resolve("nokey.csv");
    writeLines(csv, "shoe size", "42");

    GraphCli.Result result = cli().run("upload", "--audience", audience, csv.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("names a schema key").contains("--map");
    assertThat(server.get(audience + "/sessions").get("data")).isEmpty();
  }

  @Test
  void mapNamesAColumnTheHeadersDoNotExplain() throws Exception {
    String audience = server.createAudience("map");
    Path csv = dir.resolve("crm.csv");
    writeLines(csv, "Kontakt", "user7@example.com", "user8@example.com");

    JsonNode report =
        json(
            cli()
                .run(
                    "upload",
                    "--audience",
                    audience,
                    csv.toString(),
                    "--map",
                    "Kontakt=EMAIL",
                    "--json"));

    assertThat(report.get("schema").get(0).asText()).isEqualTo("EMAIL");
    assertThat(members(audience)).isEqualTo(2);
  }

  @Test
  void aFileThatIsNotUtf8StopsEveryCommandWithExit4AndAReplaceBeforeAnythingIsSent()
      throws Exception {
    // 150,000 good rows (15 batches), then one Latin-1 row: decoded leniently it would be hashed
    // as "jos\uFFFD@example.com"; strictly, it stops the command.
    Path csv = CustomerFiles.emails(dir.resolve("latin1.csv"), 30_000, 150_000);
    Files.write(csv, "jos\u00e9@example.com\n".getBytes(StandardCharsets.ISO_8859_1), APPEND);

    for (String command : new String[] {"upload", "remove", "replace"}) {
      String audience = server.createAudience("latin1 " + command);
      GraphCli.Result result = cli().run(command, "--audience", audience, csv.toString());

      assertThat(result.exitCode()).as(command + ": " + result.err()).isEqualTo(4);
      assertThat(result.err()).contains("latin1.csv").contains("not UTF-8 text");
      if (command.equals("replace")) { // the whole file is read first: no half replace
        assertThat(server.get(audience + "/sessions").get("data")).isEmpty();
      }
    }
  }

  @Test
  void utf16AndUtf8FilesWithAByteOrderMarkAreUploaded() throws Exception {
    String text =
        "\uFEFF" + Files.readString(CustomerFiles.emails(dir.resolve("c.csv"), 40_000, 30));
    Path utf16 = Files.write(dir.resolve("utf16.csv"), text.getBytes(StandardCharsets.UTF_16LE));
    Path utf8 = Files.write(dir.resolve("utf8.csv"), text.getBytes(StandardCharsets.UTF_8));
    String audience = server.createAudience("bom");

    for (Path csv : new Path[] {utf16, utf8}) {
      JsonNode report = json(cli().run("upload", "--audience", audience, csv.toString(), "--json"));

      assertThat(report.get("schema").get(0).asText()).isEqualTo("EMAIL");
      assertThat(report.get("rows_invalid").asLong()).isZero();
    }
    assertThat(members(audience)).isEqualTo(30); // each email hashed right, the same people twice
  }

  @Test
  void missingFileExitsWith4() {
    GraphCli.Result result =
        cli().run("upload", "--audience", server.audienceId(), dir.resolve("nope.csv").toString());

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.err()).contains("nope.csv").contains("no such file");
  }

  @Test
  void noTokenAnywhereIsAUsageErrorThatSaysWhereToPutOne() {
    Path csv = CustomerFiles.emails(dir.resolve("c.csv"), 0, 10);

    GraphCli.Result result =
        cli()
            .withoutEnv("MATCHLIST_TOKEN")
            .run("upload", "--audience", server.audienceId(), csv.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("no access token").contains("MATCHLIST_TOKEN");
  }

  @Test
  void tokenFromTheConfigFileWorks() throws Exception {
    String audience = server.createAudience("config");
    Path csv = CustomerFiles.emails(dir.resolve("c.csv"), 20, 10);
    Path config = dir.resolve("config").resolve("matchlist").resolve("config.properties");
    Files.createDirectories(config.getParent());
    Files.writeString(
        config, "base_url=" + server.baseUrl() + "\naccess_token=" + server.token() + "\n");

    GraphCli.Result result =
        new GraphCli(dir).run("upload", "--audience", audience, csv.toString(), "--json");

    assertThat(json(result).get("num_received").asLong()).isEqualTo(10);
  }

  @Test
  void helpOfEachFileCommandHasAnExampleAndTheExitCodes() {
    for (String command : new String[] {"upload", "remove", "replace"}) {
      GraphCli.Result help = cli().run(command, "--help");

      assertThat(help.exitCode()).isZero();
      assertThat(help.out())
          .contains("Examples:")
          .contains("matchlist " + command + " --audience")
          .contains("Exit codes: 0 done")
          .contains("--checkpoint");
    }
  }

  static void writeLines(Path file, String... lines) {
    try {
      Files.writeString(file, String.join("\n", lines) + "\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
