package dev.matchlist.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.matchlist.client.FakeGraph.Answer;
import dev.matchlist.core.SchemaKey;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which failures are retried, how long the client waits, and what it finally throws. */
class GraphClientRetryTest {
  private static final String OK_USERS =
      "{\"audience_id\":\"55\",\"session_id\":\"7\",\"num_received\":1,"
          + "\"num_invalid_entries\":0,\"invalid_entry_samples\":{}}";
  private static final RetryPolicy EXACT =
      new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofMinutes(60), 0);

  private FakeGraph graph;
  private RecordingSleeper sleeper;
  private final List<RetryEvent> events = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    graph = new FakeGraph();
    sleeper = new RecordingSleeper();
  }

  @AfterEach
  void stop() {
    graph.close();
  }

  private GraphClient client(RetryPolicy policy) {
    return GraphClient.builder()
        .baseUrl(graph.baseUrl())
        .accessToken("tok")
        .retryPolicy(policy)
        .sleeper(sleeper)
        .retryListener(events::add)
        .build();
  }

  private static UsersResult addOne(GraphClient client) {
    return client.addUsers(
        "55",
        UsersBatch.of(
            List.of(SchemaKey.EMAIL),
            List.<String[]>of(new String[] {"a".repeat(64)}),
            new Session(7, 3, false, 0)));
  }

  private static Answer graphError(int status, int code, String extra) {
    return Answer.json(
        status,
        "{\"error\":{\"message\":\"(#"
            + code
            + ") failure\",\"type\":\"OAuthException\",\"code\":"
            + code
            + extra
            + ",\"fbtrace_id\":\"TRACE\"}}");
  }

  private static Answer rateLimited(long regainMinutes) {
    return graphError(400, 80003, ",\"error_subcode\":2446079")
        .withHeader(
            "X-Business-Use-Case-Usage",
            "{\"123\":[{\"type\":\"custom_audience\",\"call_count\":100,\"total_cputime\":4,"
                + "\"total_time\":9,\"estimated_time_to_regain_access\":"
                + regainMinutes
                + "}]}");
  }

  @Test
  void aRateLimitWithARegainTimeIsWaitedOutExactlyThenTheSameBatchIsResent() {
    graph.then(rateLimited(5)).otherwise(r -> Answer.json(200, OK_USERS));

    UsersResult result = addOne(client(RetryPolicy.defaults()));

    assertThat(result.numReceived()).isEqualTo(1);
    assertThat(sleeper.waits()).containsExactly(Duration.ofMinutes(5));
    List<FakeGraph.Request> requests = graph.requests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
    assertThat(requests.get(1).params().get("session")).contains("\"batch_seq\":3");
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 17, 613, 80003})
  void rateLimitCodesWithoutARegainTimeBackOffExponentially(int code) {
    graph.then(graphError(400, code, "")).then(graphError(400, code, ""));
    graph.otherwise(r -> Answer.json(200, OK_USERS));

    addOne(client(EXACT));

    assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(events).extracting(e -> e.failure().kind()).containsOnly(RetryClass.WAIT_FOR_REGAIN);
  }

  @Test
  void http429WithoutAGraphErrorIsARateLimit() {
    graph.then(new Answer(429, "text/plain", "slow down", java.util.Map.of()));
    graph.otherwise(r -> Answer.json(200, OK_USERS));

    addOne(client(EXACT));

    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.failure().kind()).isEqualTo(RetryClass.WAIT_FOR_REGAIN);
              assertThat(e.failure().httpStatus()).isEqualTo(429);
            });
  }

  @Test
  void transientErrorsBackOffExponentiallyUpToTheCap() {
    for (int i = 0; i < 5; i++) {
      graph.then(graphError(500, i % 2 == 0 ? 1 : 2, ",\"is_transient\":true"));
    }
    graph.otherwise(r -> Answer.json(200, OK_USERS));

    addOne(client(EXACT));

    assertThat(sleeper.waits())
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(4),
            Duration.ofSeconds(4));
    assertThat(graph.requests()).hasSize(6);
  }

  @Test
  void anHtmlErrorPageIsRetriedAndDescribed() {
    graph.then(
        new Answer(
            502,
            "text/html",
            "<html><body><h1>Bad Gateway</h1></body></html>",
            java.util.Map.of()));
    graph.otherwise(r -> Answer.json(200, OK_USERS));

    addOne(client(EXACT));

    GraphException failure = events.get(0).failure();
    assertThat(failure.kind()).isEqualTo(RetryClass.BACKOFF);
    assertThat(failure.code()).isEqualTo(GraphException.NO_GRAPH_CODE);
    assertThat(failure.getMessage())
        .contains("HTTP 502")
        .contains("HTML page")
        .contains("Bad Gateway");
  }

  @Test
  void aSuccessStatusWithABodyThatIsNotJsonIsRetried() {
    graph.then(new Answer(200, "text/html", "<html>maintenance</html>", java.util.Map.of()));
    graph.otherwise(r -> Answer.json(200, OK_USERS));

    addOne(client(EXACT));

    assertThat(graph.requests()).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 190, 200, 2650})
  void permanentErrorsStopAtOnce(int code) {
    graph.otherwise(r -> graphError(code == 200 ? 403 : 400, code, ",\"error_subcode\":33"));

    GraphException thrown =
        catchThrowableOfType(GraphException.class, () -> addOne(client(RetryPolicy.defaults())));

    assertThat(graph.requests()).hasSize(1);
    assertThat(sleeper.waits()).isEmpty();
    assertThat(thrown.kind()).isEqualTo(RetryClass.STOP);
    assertThat(thrown.code()).isEqualTo(code);
    assertThat(thrown.errorSubcode()).hasValue(33);
    assertThat(thrown.fbtraceId()).hasValue("TRACE");
    assertThat(thrown.attempts()).isEqualTo(1);
    assertThat(thrown.request()).isEqualTo("POST /v21.0/55/users");
    assertThat(thrown.getMessage()).contains("code " + code).contains("fbtrace_id TRACE");
  }

  @Test
  void anExpiredTokenSaysToGetANewOne() {
    graph.otherwise(r -> graphError(400, 190, ",\"error_subcode\":463"));

    assertThatThrownBy(() -> addOne(client(RetryPolicy.defaults())))
        .hasMessageContaining("get a new one");
  }

  @Test
  void aGraphErrorInASuccessStatusIsStillAnError() {
    graph.otherwise(r -> graphError(200, 100, ""));

    assertThatThrownBy(() -> addOne(client(RetryPolicy.defaults())))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("code 100");
  }

  @Test
  void anUnknownCodeMarkedTransientIsRetried() {
    graph.then(graphError(400, 12345, ",\"is_transient\":true"));
    graph.otherwise(r -> Answer.json(200, OK_USERS));

    addOne(client(EXACT));

    assertThat(graph.requests()).hasSize(2);
  }

  @Test
  void theLastFailureIsThrownWhenTheAttemptsRunOut() {
    graph.otherwise(r -> graphError(500, 2, ""));

    GraphException thrown =
        catchThrowableOfType(GraphException.class, () -> addOne(client(EXACT.withMaxAttempts(3))));

    assertThat(graph.requests()).hasSize(3);
    assertThat(sleeper.waits()).hasSize(2);
    assertThat(thrown.attempts()).isEqualTo(3);
    assertThat(thrown.getMessage()).contains("3 attempts");
  }

  @Test
  void aRegainTimeLongerThanMaxWaitFailsAtOnceSayingSo() {
    graph.otherwise(r -> rateLimited(90));

    GraphException thrown =
        catchThrowableOfType(GraphException.class, () -> addOne(client(RetryPolicy.defaults())));

    assertThat(sleeper.waits()).isEmpty();
    assertThat(thrown.usage().regainAccessIn()).hasValue(Duration.ofMinutes(90));
    assertThat(thrown.note()).hasValueSatisfying(n -> assertThat(n).contains("90 min"));
  }

  @Test
  void connectionFailuresAreRetriedAndThrownWithoutAStatus() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    GraphClient client =
        GraphClient.builder()
            .baseUrl(URI.create("http://127.0.0.1:" + closedPort))
            .accessToken("tok")
            .retryPolicy(EXACT.withMaxAttempts(3))
            .sleeper(sleeper)
            .build();

    GraphException thrown = catchThrowableOfType(GraphException.class, () -> addOne(client));

    assertThat(thrown.kind()).isEqualTo(RetryClass.BACKOFF);
    assertThat(thrown.httpStatus()).isZero();
    assertThat(thrown.code()).isEqualTo(GraphException.NO_GRAPH_CODE);
    assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void jitterOnlyShortensTheBackoff() {
    for (int i = 0; i < 4; i++) {
      graph.then(graphError(500, 1, ""));
    }
    graph.otherwise(r -> Answer.json(200, OK_USERS));
    RetryPolicy jittered =
        new RetryPolicy(
            6, Duration.ofSeconds(8), Duration.ofSeconds(8), Duration.ofMinutes(1), 0.5);

    addOne(client(jittered));

    assertThat(sleeper.waits())
        .hasSize(4)
        .allSatisfy(w -> assertThat(w).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8)));
  }

  @Test
  void theUsageHeadersOfAFailureAreParsed() {
    graph.otherwise(
        r ->
            graphError(400, 100, "")
                .withHeader(
                    "X-App-Usage", "{\"call_count\":10,\"total_cputime\":0,\"total_time\":1}")
                .withHeader(
                    "X-Ad-Account-Usage",
                    "{\"acc_id_util_pct\":9.67,\"reset_time_duration\":120}"));

    GraphException thrown =
        catchThrowableOfType(GraphException.class, () -> addOne(client(RetryPolicy.defaults())));

    Usage usage = thrown.usage();
    assertThat(usage.callCountPercent()).hasValue(10);
    assertThat(usage.adAccountUtilPercent()).hasValue(9.67);
    assertThat(usage.adAccountResetIn()).hasValue(Duration.ofMinutes(2));
    assertThat(usage.regainAccessIn()).isEmpty();
  }
}
