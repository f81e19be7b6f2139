package dev.matchlist.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.cli.CliProcess;
import dev.matchlist.cli.graph.GraphCli;
import dev.matchlist.cli.serve.CliRun;
import dev.matchlist.core.Sha256;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code matchlist demo} as a real process: the JSON line, the printed commands, the clean-up. */
class DemoCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void jsonModePrintsExactlyTheCredentialFields() throws Exception {
    try (DemoRun demo = DemoRun.start(tmp, "--port", "0", "--json", "--people", "10000")) {
      JsonNode line = JSON.readTree(demo.lines().getFirst());

      List<String> fields = new ArrayList<>();
      line.fieldNames().forEachRemaining(fields::add);
      assertThat(fields)
          .containsExactlyInAnyOrder(
              "base_url",
              "ad_account_id",
              "access_token",
              "app_id",
              "app_secret",
              "admin_token",
              "audience_id");
      assertThat(line.get("base_url").asText()).matches("http://127\\.0\\.0\\.1:\\d+");
      assertThat(line.get("ad_account_id").asText()).matches("act_\\d+");
    }
  }

  @Test
  void anUploadOfMemberHashesWithTheJsonCredentialsIsAcceptedAndTheAudienceReadable()
      throws Exception {
    try (DemoRun demo = DemoRun.start(tmp, "--port", "0", "--json", "--people", "10000")) {
      JsonNode credentials = JSON.readTree(demo.lines().getFirst());
      String graph = credentials.get("base_url").asText() + "/v21.0/";
      String audience = credentials.get("audience_id").asText();
      String token = credentials.get("access_token").asText();
      String payload =
          "{\"schema\":\"EMAIL_SHA256\",\"data\":[\""
              + Sha256.hex("user7@example.com")
              + "\",\""
              + Sha256.hex("user9999@example.com")
              + "\"]}";

      HttpResponse<String> upload =
          post(
              graph + audience + "/users", "payload=" + encode(payload) + "&access_token=" + token);
      HttpResponse<String> read = get(graph + audience + "?fields=id&access_token=" + token);

      assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
      assertThat(JSON.readTree(upload.body()).get("num_received").asInt()).isEqualTo(2);
      assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
      assertThat(JSON.readTree(read.body()).get("id").asText()).isEqualTo(audience);
    }
  }

  @Test
  void sigtermExitsZeroAndRemovesTheTemporaryDataDirectory() throws Exception {
    int status;
    List<String> duringTheRun;
    try (DemoRun demo = DemoRun.start(tmp, "--port", "0", "--json", "--people", "10000")) {
      duringTheRun = list(tmp);
      status = demo.terminate();
    }

    assertThat(duringTheRun).anyMatch(name -> name.startsWith("matchlist-demo-"));
    assertThat(status).isEqualTo(0);
    assertThat(list(tmp)).noneMatch(name -> name.startsWith("matchlist-demo-"));
  }

  @Test
  void aDataDirectoryGivenWithDataIsKeptAfterSigterm() throws Exception {
    Path data = tmp.resolve("kept");
    int status;
    try (DemoRun demo =
        DemoRun.start(
            tmp, "--port", "0", "--json", "--people", "10000", "--data", data.toString())) {
      status = demo.terminate();
    }

    assertThat(status).isEqualTo(0);
    assertThat(data.resolve("admin-token")).exists();
    assertThat(data.resolve("db")).isDirectory();
    assertThat(list(tmp)).noneMatch(name -> name.startsWith("matchlist-demo-"));
  }

  @Test
  void thePrintedQuickCurlUploadIsAcceptedWithAllSixRows() throws Exception {
    try (DemoRun demo = DemoRun.start(tmp, "--port", "0", "--people", "10000")) {
      JsonNode answer = JSON.readTree(bash(demo.command("curl -s -X POST")));

      assertThat(answer.has("error")).as(answer.toString()).isFalse();
      assertThat(answer.get("num_received").asInt()).isEqualTo(6);
      assertThat(answer.get("num_invalid_entries").asInt()).isEqualTo(0);
    }
  }

  @Test
  void thePrintedHashLineThenThePrintedCurlUploadAThousandRows() throws Exception {
    try (DemoRun demo = DemoRun.start(tmp, "--port", "0", "--people", "10000")) {
      String hashLine = demo.command("bin/matchlist hash").strip();
      String[] hashArgs = hashLine.substring("bin/matchlist ".length()).split(" ");
      CliProcess.Result hashed = CliProcess.run(hashArgs);
      assertThat(hashed.exitCode()).as(hashed.stderr()).isEqualTo(0);

      String upload = commandAfter(demo.lines(), hashLine);
      JsonNode answer = JSON.readTree(bash(upload));

      assertThat(answer.has("error")).as(answer.toString()).isFalse();
      assertThat(answer.get("num_received").asInt()).isEqualTo(1000);
      assertThat(answer.get("num_invalid_entries").asInt()).isEqualTo(0);
    }
  }

  @Test
  void thePrintedCliUploadSendsTheCustomerFileInOneSession() throws Exception {
    try (DemoRun demo = DemoRun.start(tmp, "--port", "0", "--people", "10000")) {
      String line = demo.command("MATCHLIST_BASE_URL=").strip();
      String[] words = line.split(" ");
      GraphCli cli =
          new GraphCli(tmp)
              .env("MATCHLIST_BASE_URL", words[0].substring(words[0].indexOf('=') + 1))
              .env("MATCHLIST_TOKEN", words[1].substring(words[1].indexOf('=') + 1));
      assertThat(words[2]).isEqualTo("bin/matchlist");

      GraphCli.Result upload =
          cli.run(
              Stream.concat(Arrays.stream(words, 3, words.length), Stream.of("--json"))
                  .toArray(String[]::new));

      assertThat(upload.exitCode()).as(upload.err()).isEqualTo(0);
      JsonNode report = JSON.readTree(upload.out());
      assertThat(report.get("num_received").asInt()).isEqualTo(1000);
      assertThat(report.get("rows_invalid").asInt()).isZero();
    }
  }

  @Test
  void thePrintedAudienceReadAnswersWithTheRequestedFields() throws Exception {
    try (DemoRun demo = DemoRun.start(tmp, "--port", "0", "--people", "10000")) {
      JsonNode answer = JSON.readTree(bash(demo.command("curl -s 'http")));

      assertThat(answer.has("error")).as(answer.toString()).isFalse();
      assertThat(answer.has("approximate_count_lower_bound")).isTrue();
      assertThat(answer.get("operation_status").get("code").isInt()).isTrue();
    }
  }

  @Test
  void aPopulationTooSmallForTheCustomerFileIsAUsageError() {
    CliRun.Result result = CliRun.run("demo", "--port", "0", "--people", "899");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--people");
  }

  /** The block printed right after {@code line}: the curl that uploads the hashed file. */
  private static String commandAfter(List<String> lines, String line) {
    int at = lines.indexOf("  " + line);
    StringBuilder command = new StringBuilder();
    for (String next : lines.subList(at + 1, lines.size())) {
      command.append(next).append('\n');
      if (!next.endsWith("\\")) {
        break;
      }
    }
    return command.toString();
  }

  private static String bash(String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isEqualTo(0);
    return out;
  }

  private static List<String> list(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> post(String url, String form)
      throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
