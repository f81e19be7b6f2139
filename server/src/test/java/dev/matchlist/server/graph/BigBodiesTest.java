package dev.matchlist.server.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests with big bodies are read and handled on the big-body workers, and a nested JSON value
 * with a reader is parsed once, as the body is decoded — over real HTTP to a started server.
 */
class BigBodiesTest {

  static PlatformWorkers workers;
  static GraphServer server;
  static int port;
  static final AtomicInteger reads = new AtomicInteger();

  @BeforeAll
  static void start() {
    workers = PlatformWorkers.start("upload", 2);
    GraphRoutes routes =
        GraphRoutes.builder()
            .post("/{node}/rows", BigBodiesTest::answer)
            .readNestedJson("rows", BigBodiesTest::countRows)
            .bigBodiesOn(workers)
            .build();
    server = GraphServer.start(ServerConfig.builder().port(0).build(), routes);
    port = server.port();
  }

  @AfterAll
  static void stop() {
    server.stop();
    workers.close();
  }

  /** Counts the elements of an array of arrays; refuses a row that is not an array. */
  private static Object countRows(com.fasterxml.jackson.core.JsonParser parser, int sizeHint)
      throws java.io.IOException {
    reads.incrementAndGet();
    int rows = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (parser.currentToken() != JsonToken.START_ARRAY) {
        throw GraphError.invalidParameter("rows[" + rows + "] is not an array").exception();
      }
      parser.skipChildren();
      rows++;
    }
    return rows;
  }

  /** The thread it ran on, the token, what the reader made of rows, and the other params. */
  private static GraphResponse answer(GraphRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("thread", Thread.currentThread().getName());
    body.put("virtual", Thread.currentThread().isVirtual());
    body.put("token", request.accessToken().orElse(""));
    if (request.params().string("check_token_first").isPresent()
        && request.accessToken().isEmpty()) {
      throw GraphError.invalidAccessToken("no token").exception();
    }
    body.put("rows", request.param("rows").flatMap(v -> v.decoded(Integer.class)).orElse(-1));
    body.put("after", request.params().string("after").orElse(""));
    return GraphResponse.ok(body);
  }

  private static String rows(int count, int padding) {
    StringBuilder rows = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      rows.append(i == 0 ? "" : ",").append("[\"").append("x".repeat(padding)).append("\"]");
    }
    return rows.append(']').toString();
  }

  private static RawHttp.Answer post(String body) throws Exception {
    return RawHttp.send(
        port, RawHttp.request("POST", "/v21.0/17/rows", body, "Content-Type: application/json"));
  }

  @Test
  void aBigBodyIsHandledOnAWorkerAndASmallOneOnItsVirtualThread() throws Exception {
    JsonNode big = post("{\"rows\":" + rows(2_000, 60) + ",\"access_token\":\"T\"}").json();
    JsonNode small = post("{\"rows\":" + rows(3, 1) + ",\"access_token\":\"T\"}").json();

    assertThat(big.path("thread").asText()).startsWith("upload-");
    assertThat(big.path("virtual").asBoolean()).isFalse();
    assertThat(big.path("rows").asInt()).isEqualTo(2_000);
    assertThat(small.path("virtual").asBoolean()).isTrue();
    assertThat(small.path("rows").asInt()).isEqualTo(3);
  }

  @Test
  void aNestedValueIsReadOnceAndTheParametersAfterItAreStillDecoded() throws Exception {
    int before = reads.get();
    JsonNode echo =
        post("{\"rows\":" + rows(5, 3) + ",\"after\":\"yes\",\"access_token\":\"T\"}").json();

    assertThat(reads.get() - before).isEqualTo(1);
    assertThat(echo.path("rows").asInt()).isEqualTo(5);
    assertThat(echo.path("after").asText()).isEqualTo("yes");
    assertThat(echo.path("token").asText()).isEqualTo("T");
  }

  @Test
  void aReadersErrorWaitsUntilTheHandlerAsksSoEarlierChecksAnswerFirst() throws Exception {
    String badRows = "[[\"a\"],\"not an array\",[\"b\",[1,2]],{\"deep\":[{}]}]";

    RawHttp.Answer noToken = post("{\"rows\":" + badRows + ",\"check_token_first\":1}");
    RawHttp.Answer withToken =
        post("{\"rows\":" + badRows + ",\"after\":\"yes\",\"access_token\":\"T\"}");

    assertThat(noToken.status()).isEqualTo(400);
    assertThat(noToken.json().path("error").path("code").asInt()).isEqualTo(190);
    assertThat(withToken.status()).isEqualTo(400);
    assertThat(withToken.json().path("error").path("code").asInt()).isEqualTo(100);
    assertThat(withToken.json().path("error").path("message").asText())
        .contains("rows[1] is not an array");
  }

  @Test
  void malformedJsonInsideANestedValueIsRefusedAsAMalformedBody() throws Exception {
    RawHttp.Answer answer = post("{\"rows\":[[\"a\"],[tru]],\"access_token\":\"T\"}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("error").path("message").asText()).contains("Malformed JSON");
  }

  @Test
  void aReusedBodyArrayNeverLeaksOneRequestIntoTheNext() throws Exception {
    // a big body, then a shorter one that lands in the same (longer) array, then one in parallel
    JsonNode first = post("{\"rows\":" + rows(3_000, 60) + ",\"after\":\"first\"}").json();
    JsonNode second = post("{\"rows\":" + rows(2_000, 60) + "}").json();

    assertThat(first.path("rows").asInt()).isEqualTo(3_000);
    assertThat(second.path("rows").asInt()).isEqualTo(2_000);
    assertThat(second.path("after").asText()).isEmpty();

    List<Integer> counts = IntStream.range(0, 12).map(i -> 1_500 + 100 * i).boxed().toList();
    List<Integer> answered =
        counts.parallelStream()
            .map(
                n -> {
                  try {
                    return post("{\"rows\":" + rows(n, 40) + "}").json().path("rows").asInt();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .toList();
    assertThat(answered).isEqualTo(counts);
  }

  @Test
  void bodyBuffersReuseAnArrayThatFitsAndNeverKeepATooBigOne() {
    BodyBuffers buffers = new BodyBuffers(2, 1_000);
    byte[] first = buffers.lease(800);
    buffers.release(first);

    assertThat(buffers.lease(850)).isSameAs(first); // 800 + an eighth of headroom fits 850
    byte[] huge = buffers.lease(5_000);
    buffers.release(huge);
    assertThat(huge).hasSize(5_000);
    assertThat(buffers.lease(5_000)).isNotSameAs(huge);
  }

  @Test
  void workHandedOverFromAWorkerRunsInPlace() {
    try (PlatformWorkers one = PlatformWorkers.start("single", 1)) {
      String inner = one.call(() -> one.call(() -> Thread.currentThread().getName()));
      assertThat(inner).startsWith("single-");
    }
  }
}
