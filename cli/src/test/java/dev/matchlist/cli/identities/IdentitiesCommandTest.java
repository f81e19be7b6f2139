package dev.matchlist.cli.identities;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.cli.serve.CliRun;
import dev.matchlist.core.Sha256;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code matchlist identities} as real processes against a real {@code matchlist serve}. */
class IdentitiesCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN = "/_matchlist/admin/v1";

  @TempDir Path dir;
  @TempDir Path files;
  private CliRun.Server server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void serve() {
    server = CliRun.Server.start("--data", dir.toString(), "--port", "0");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun.Result identities(String... args) {
    List<String> all = new ArrayList<>(List.of("identities"));
    all.addAll(List.of(args));
    all.addAll(List.of("--server", server.baseUrl(), "--data", dir.toString()));
    return CliRun.run(all.toArray(String[]::new));
  }

  @Test
  void aLoadedCsvUserWhoseEmailIsUploadedIsFoundInTheAudience() throws Exception {
    Path csv =
        write(
            "users.csv",
            "id,E-mail,Phone Number,notes\n"
                + "u1,Ann@Example.com,,likes cats\n"
                + "u2,bob@example.com,+1 650 555 0100,\n");

    CliRun.Result load = identities("load", csv.toString(), "--json");

    assertThat(load.exitCode()).as(load.err()).isZero();
    JsonNode summary = JSON.readTree(load.out());
    assertThat(summary.get("users").asInt()).isEqualTo(2);
    assertThat(summary.get("identifiers").asInt()).isEqualTo(3);
    String audience = uploadEmails("ann@example.com");
    assertThat(audiencesOf("u1")).containsExactly(audience);
    assertThat(audiencesOf("u2")).isEmpty();
  }

  @Test
  void rejectedCellsAreReportedWithTheFileLinesAndNotTheirValues() throws Exception {
    Path csv =
        write(
            "users.csv",
            "user_id,email,gender\nu1,ann@example.com,f\nu2,secret-not-an-email,xx\n"
                + "u3,\"also\nbroken\",m\n");

    CliRun.Result load = identities("load", csv.toString(), "--json");

    JsonNode rejected = JSON.readTree(load.out()).get("rejected");
    assertThat(rejected.get("EMAIL").get("count").asInt()).isEqualTo(2);
    assertThat(rejected.get("EMAIL").get("lines").findValuesAsText("line"))
        .containsExactly("3", "4");
    assertThat(rejected.get("GEN").get("lines").findValuesAsText("line")).containsExactly("3");
    assertThat(load.out()).doesNotContain("secret-not-an-email", "broken");
  }

  @Test
  void anNdjsonFileLoadsAndItsHumanSummaryCountsUsers() throws Exception {
    Path ndjson =
        write(
            "users.ndjson",
            "{\"user_id\":\"u1\",\"email\":\"ann@example.com\"}\n\n"
                + "{\"user_id\":\"u2\",\"email_sha256\":\""
                + Sha256.hex("bob@example.com")
                + "\"}\n");

    CliRun.Result load = identities("load", ndjson.toString());

    assertThat(load.exitCode()).as(load.err()).isZero();
    assertThat(load.out()).contains("Loaded 2 users").contains("2 identifiers");
    uploadEmails("bob@example.com");
    assertThat(audiencesOf("u2")).hasSize(1);
  }

  @Test
  void aLaterRequestOfTheSameFileTakesASharedEmailFromAnEarlierUser() throws Exception {
    StringBuilder csv = new StringBuilder("user_id,email\nfirst,shared@example.com\n");
    for (int i = 0; i < LoadCommand.CHUNK_USERS; i++) {
      csv.append('u').append(i).append(",u").append(i).append("@example.com\n");
    }
    csv.append("last,shared@example.com\n");

    CliRun.Result load = identities("load", write("users.csv", csv.toString()).toString());

    assertThat(load.exitCode()).as(load.err()).isZero();
    String audience = uploadEmails("shared@example.com");
    assertThat(audiencesOf("last")).containsExactly(audience);
    assertThat(audiencesOf("first")).isEmpty();
  }

  @Test
  void aUserInTwoRequestsInFlightTogetherEndsWithTheLaterLinesIdentifiers() throws Exception {
    // three requests: the user is in the second (old email) and the third (new email), which the
    // CLI sends together
    StringBuilder csv = new StringBuilder("user_id,email\n");
    for (int i = 0; i < 2 * LoadCommand.CHUNK_USERS + 100; i++) {
      String user = i == LoadCommand.CHUNK_USERS + 5 ? "same,old" : "u" + i + ",u" + i;
      csv.append(user).append("@example.com\n");
    }
    csv.append("same,new@example.com\n");

    CliRun.Result load = identities("load", write("users.csv", csv.toString()).toString());

    assertThat(load.exitCode()).as(load.err()).isZero();
    String withNew = uploadEmails("new@example.com");
    assertThat(audiencesOf("same")).containsExactly(withNew);
    uploadEmails("old@example.com", "u1@example.com");
    assertThat(audiencesOf("same")).containsExactly(withNew);
  }

  @Test
  void aMalformedNdjsonLineStopsTheLoadNamingTheLine() throws Exception {
    Path ndjson = write("users.ndjson", "{\"user_id\":\"u1\"}\n{not json\n");

    CliRun.Result load = identities("load", ndjson.toString());

    assertThat(load.exitCode()).isEqualTo(3);
    assertThat(load.err()).contains("line 2");
  }

  @Test
  void aCsvWithoutAUserIdColumnIsAUsageError() throws Exception {
    Path csv = write("users.csv", "email\nann@example.com\n");

    CliRun.Result load = identities("load", csv.toString());

    assertThat(load.exitCode()).isEqualTo(2);
    assertThat(load.err()).contains("--user-id-column");
  }

  @Test
  void deleteRemovesTheUserFromTheAudience() throws Exception {
    identities("load", write("users.csv", "user_id,email\nu1,ann@example.com\n").toString());
    uploadEmails("ann@example.com");

    CliRun.Result delete = identities("delete", "u1");

    assertThat(delete.exitCode()).as(delete.err()).isZero();
    assertThat(delete.out()).contains("Deleted user u1");
    assertThat(audiencesOf("u1")).isEmpty();
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(files.resolve(name), content);
  }

  /** Creates an ad account, a token and an audience, uploads the emails; waits for a member. */
  private String uploadEmails(String... emails) throws Exception {
    String app = admin("POST", ADMIN + "/apps", "{\"name\":\"shop\"}").get("id").asText();
    String account =
        admin("POST", ADMIN + "/ad_accounts", "{\"name\":\"a\",\"app_id\":\"" + app + "\"}")
            .get("account_id")
            .asText();
    String token =
        admin(
                "POST",
                ADMIN + "/tokens",
                "{\"app_id\":\"" + app + "\",\"ad_account_ids\":[\"" + account + "\"]}")
            .get("token")
            .asText();
    String audience =
        call(token, "POST", "/v21.0/act_" + account + "/customaudiences", "{\"name\":\"x\"}")
            .get("id")
            .asText();
    StringBuilder data = new StringBuilder();
    for (String email : emails) {
      data.append(data.isEmpty() ? "" : ",").append('"').append(Sha256.hex(email)).append('"');
    }
    call(
        token,
        "POST",
        "/v21.0/" + audience + "/users",
        "{\"payload\":{\"schema\":\"EMAIL_SHA256\",\"data\":[" + data + "]}}");
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (members(audience) < 1 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return audience;
  }

  private int members(String audience) throws Exception {
    HttpResponse<String> export =
        http.send(
            request("/internal/v1/audiences/" + audience + "/members", "GET", null)
                .header("Authorization", "Bearer " + adminToken())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return (int) export.body().lines().filter(line -> !line.isBlank()).count();
  }

  private List<String> audiencesOf(String userId) throws Exception {
    List<String> audiences = new ArrayList<>();
    admin("GET", "/internal/v1/people/" + userId + "/audiences", null)
        .get("audiences")
        .forEach(a -> audiences.add(a.asText()));
    return audiences;
  }

  private JsonNode admin(String method, String path, String json) throws Exception {
    return call(adminToken(), method, path, json);
  }

  private String adminToken() throws Exception {
    return Files.readString(server.adminTokenFile()).strip();
  }

  private JsonNode call(String token, String method, String path, String json) throws Exception {
    HttpRequest.Builder request =
        request(path, method, json).header("Authorization", "Bearer " + token);
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private HttpRequest.Builder request(String path, String method, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return request;
  }
}
