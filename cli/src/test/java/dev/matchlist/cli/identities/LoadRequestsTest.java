package dev.matchlist.cli.identities;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.matchlist.cli.serve.CliRun;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requests {@code matchlist identities load} sends, recorded by a stand-in admin API that
 * answers two identifiers per user: their order, their users, and the one size hint.
 */
class LoadRequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path files;
  private HttpServer recorder;
  private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
  private final List<Integer> bodyBytes = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  /** Whether the answers name their request's sequence, as a server that orders a load does. */
  private boolean namesSequence = true;

  /** The request the stand-in refuses (and, as the server, every one after it). */
  private long refusedSequence = Long.MAX_VALUE;

  @BeforeEach
  void record() throws IOException {
    recorder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    recorder.createContext("/_matchlist/admin/v1/identities", this::answer);
    recorder.setExecutor(Executors.newCachedThreadPool());
    recorder.start();
  }

  @AfterEach
  void stop() {
    recorder.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    int concurrent = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(concurrent, Math::max);
    try {
      byte[] raw = exchange.getRequestBody().readAllBytes();
      JsonNode body = JSON.readTree(raw);
      bodies.add(body);
      bodyBytes.add(raw.length);
      Thread.sleep(50); // long enough for a second request to overlap, if the CLI sends one
      long sequence = body.path("sequence").asLong();
      String answer;
      if (sequence != 0 && sequence == refusedSequence) {
        answer = error("users, line 7: no user_id");
      } else if (sequence > refusedSequence) {
        answer = error("Request " + sequence + " is not applied: request 2 of the load failed");
      } else {
        int users = body.get("users").size();
        answer =
            "{"
                + (namesSequence ? "\"sequence\":" + sequence + "," : "")
                + "\"users\":"
                + users
                + ",\"identifiers\":"
                + 2 * users
                + ",\"rejected\":{}}";
      }
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.startsWith("{\"error\"") ? 400 : 200, bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
      exchange.close();
    }
  }

  private static String error(String message) {
    return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"OAuthException\",\"code\":100}}";
  }

  private CliRun.Result load(Path file) {
    return CliRun.run(
        "identities",
        "load",
        file.toString(),
        "--server",
        "http://127.0.0.1:" + recorder.getAddress().getPort(),
        "--admin-token-file",
        write("token", "admin-token-for-tests\n").toString(),
        "--json");
  }

  /** The recorded bodies by their sequence number: two in flight may arrive either way round. */
  private List<JsonNode> inSequence() {
    return bodies.stream()
        .sorted(java.util.Comparator.comparingLong(body -> body.get("sequence").asLong()))
        .toList();
  }

  private Path csv(int users) {
    StringBuilder csv = new StringBuilder("user_id,email,phone,notes\n");
    for (int i = 0; i < users; i++) {
      csv.append('u').append(i).append(",u").append(i).append("@example.com,+1 650 555 0100,x\n");
    }
    return write("users.csv", csv.toString());
  }

  @Test
  void aFileOfThreeRequestsIsNumberedInFileOrderWithEveryUserOnce() {
    CliRun.Result load = load(csv(25_000));

    assertThat(load.exitCode()).as(load.err()).isZero();
    List<JsonNode> bodies = inSequence();
    assertThat(bodies).hasSize(3);
    assertThat(bodies.get(0).get("users")).hasSize(LoadCommand.CHUNK_USERS);
    assertThat(bodies.get(1).get("users")).hasSize(LoadCommand.CHUNK_USERS);
    assertThat(bodies.get(2).get("users")).hasSize(5_000);
    int next = 0;
    for (JsonNode body : bodies) {
      for (JsonNode user : body.get("users")) {
        assertThat(user.get("user_id").asText()).isEqualTo("u" + next);
        assertThat(user.get("email").asText()).isEqualTo("u" + next + "@example.com");
        assertThat(user.has("notes")).isFalse(); // a column that feeds no key never leaves
        next++;
      }
    }
  }

  @Test
  void usersWithLongCellsGoInRequestsOfAbout8MbBeforeTheyReach10000Users() {
    String longEmail = "x".repeat(2_000) + "@example.com"; // ~2 KB a user: 8 MB is ~4,000 users
    StringBuilder csv = new StringBuilder("user_id,email\n");
    for (int i = 0; i < 9_000; i++) {
      csv.append('u').append(i).append(',').append(longEmail).append('\n');
    }

    CliRun.Result load = load(write("long.csv", csv.toString()));

    assertThat(load.exitCode()).as(load.err()).isZero();
    List<JsonNode> bodies = inSequence();
    assertThat(bodies).hasSizeGreaterThanOrEqualTo(3);
    assertThat(bodies.stream().mapToInt(body -> body.get("users").size()).sum()).isEqualTo(9_000);
    for (JsonNode body : bodies) {
      assertThat(body.get("users").toString().length())
          .isLessThan(LoadCommand.CHUNK_BYTES + 4_096); // at most one user past the limit
    }
  }

  @Test
  void requestsStayUnderTheByteLimitWhateverTheScriptOfTheUserIds() {
    String longId = "用户".repeat(350); // 700 chars, 2,100 bytes of UTF-8
    StringBuilder csv = new StringBuilder("user_id,email\n");
    for (int i = 0; i < 6_000; i++) {
      csv.append(longId).append(i).append(",u").append(i).append("@example.com\n");
    }

    CliRun.Result load = load(write("cjk.csv", csv.toString()));

    assertThat(load.exitCode()).as(load.err()).isZero();
    assertThat(bodyBytes)
        .allSatisfy(bytes -> assertThat(bytes).isLessThan(LoadCommand.CHUNK_BYTES + 8_192));
    List<JsonNode> sent = inSequence();
    assertThat(sent.stream().mapToInt(body -> body.get("users").size()).sum()).isEqualTo(6_000);
    assertThat(sent.get(0).get("users").get(0).get("user_id").asText()).isEqualTo(longId + 0);
  }

  @Test
  void valuesBeyondAsciiArriveAsWrittenWhetherCsvOrNdjson() {
    String userId = "ü-😀-用户";
    String email = "josé@exämple.com";
    CliRun.Result csv = load(write("intl.csv", "user_id,email\n" + userId + "," + email + "\n"));
    CliRun.Result ndjson =
        load(
            write("intl.ndjson", "{\"user_id\":\"" + userId + "\",\"email\":\"" + email + "\"}\n"));

    assertThat(csv.exitCode()).as(csv.err()).isZero();
    assertThat(ndjson.exitCode()).as(ndjson.err()).isZero();
    assertThat(bodies).hasSize(2);
    for (JsonNode body : bodies) {
      assertThat(body.get("users").get(0).get("user_id").asText()).isEqualTo(userId);
      assertThat(body.get("users").get(0).get("email").asText()).isEqualTo(email);
    }
  }

  @Test
  void theSecondRequestTellsTheServerTheUsersAndIdentifiersStillToComeOnce() {
    CliRun.Result load = load(csv(25_000));

    assertThat(load.exitCode()).as(load.err()).isZero();
    List<JsonNode> bodies = inSequence();
    assertThat(bodies.get(0).has("expected_identifiers")).isFalse();
    // 25,001 lines less the 10,000 users sent, at the first answer's two identifiers per user,
    // and 1 % of room: what the server is asked to make room for.
    long expected = bodies.get(1).get("expected_identifiers").asLong();
    assertThat(expected).isBetween(2L * 15_000, (long) Math.ceil(2 * 15_001 * 1.01));
    // and the users, for the server's filter of user ids
    assertThat(bodies.get(1).get("expected_users").asLong())
        .isBetween(15_000L, (long) Math.ceil(15_001 * 1.01));
    assertThat(bodies.get(2).has("expected_identifiers")).isFalse();
    assertThat(bodies.get(2).has("expected_users")).isFalse();
  }

  @Test
  void aBadLineAfterTheFirstRequestStopsTheLoadAndCountsWhatWasLoaded() {
    StringBuilder ndjson = new StringBuilder();
    for (int i = 0; i < LoadCommand.CHUNK_USERS + 10; i++) {
      ndjson.append("{\"user_id\":\"u").append(i).append("\",\"email\":\"a@b.org\"}\n");
    }
    ndjson.append("{\"email\":\"no-user@b.org\"}\n");

    CliRun.Result load = load(write("users.ndjson", ndjson.toString()));

    assertThat(load.exitCode()).isEqualTo(3);
    assertThat(load.err())
        .contains("line " + (LoadCommand.CHUNK_USERS + 11))
        .contains(LoadCommand.CHUNK_USERS + " users before it were loaded");
    assertThat(bodies).hasSize(1); // the ten users before the bad line are not sent
  }

  @Test
  void theRequestsOfALoadAreNumberedUnderOneLoadIdAndTwoAreInFlight() {
    CliRun.Result load = load(csv(45_000));

    assertThat(load.exitCode()).as(load.err()).isZero();
    assertThat(bodies).hasSize(5);
    String loadId = bodies.get(0).get("load_id").asText();
    assertThat(loadId).isNotBlank();
    List<Long> sequences = new ArrayList<>();
    for (JsonNode body : bodies) {
      assertThat(body.get("load_id").asText()).isEqualTo(loadId);
      sequences.add(body.get("sequence").asLong());
    }
    assertThat(sequences).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
    assertThat(maxInFlight.get()).isEqualTo(LoadPipeline.IN_FLIGHT);
  }

  @Test
  void aServerThatDoesNotNameTheSequenceGetsOneRequestAtATime() {
    namesSequence = false; // an older server, which would apply requests as they come

    CliRun.Result load = load(csv(45_000));

    assertThat(load.exitCode()).as(load.err()).isZero();
    assertThat(bodies).hasSize(5);
    assertThat(maxInFlight.get()).isEqualTo(1);
  }

  @Test
  void aRefusedRequestStopsTheLoadWithTheServersMessageAndCountsWhatWasLoaded() {
    refusedSequence = 2;

    CliRun.Result load = load(csv(45_000));

    assertThat(load.exitCode()).isEqualTo(5);
    assertThat(load.err())
        .contains("users, line 7: no user_id")
        .contains(LoadCommand.CHUNK_USERS + " users were loaded before");
    assertThat(bodies).hasSizeLessThanOrEqualTo(1 + LoadPipeline.IN_FLIGHT);
  }

  @Test
  void aFileThatIsNotUtf8StopsTheLoadWithExit4AtItsBadLine() throws Exception {
    Path file = csv(25_000); // three requests' worth, then one Latin-1 line
    Files.write(
        file,
        "latin,jos\u00e9@example.com,,\n".getBytes(StandardCharsets.ISO_8859_1),
        java.nio.file.StandardOpenOption.APPEND);

    CliRun.Result load = load(file);

    assertThat(load.exitCode()).as(load.err()).isEqualTo(4);
    assertThat(load.err()).contains("users.csv").contains("not UTF-8 text");
    assertThat(bodies) // what came before the bad line may have gone; the bad line never does
        .allSatisfy(body -> assertThat(body.get("users").toString()).doesNotContain("latin"));
  }

  @Test
  void aUtf16FileWithAByteOrderMarkIsLoaded() throws Exception {
    Path file = files.resolve("utf16.csv");
    Files.write(
        file,
        "\uFEFFuser_id,first_name,email\nu1,Jos\u00e9,jose@example.com\n"
            .getBytes(StandardCharsets.UTF_16LE));

    CliRun.Result load = load(file);

    assertThat(load.exitCode()).as(load.err()).isZero();
    JsonNode user = bodies.get(0).get("users").get(0);
    assertThat(user.get("user_id").asText()).isEqualTo("u1");
    assertThat(user.get("first_name").asText()).isEqualTo("Jos\u00e9");
    assertThat(user.get("email").asText()).isEqualTo("jose@example.com");
  }

  private Path write(String name, String content) {
    try {
      return Files.writeString(files.resolve(name), content);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
