package dev.matchlist.server.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Error answers on the wire: always a Graph JSON envelope with Meta's headers, never HTML. */
class WireErrorsTest {

  static final int SMALL_BODY_LIMIT = 1024;
  static final int SMALL_LINE_LIMIT = 8192;

  static GraphServer server;
  static int port;

  @BeforeAll
  static void start() {
    ServerConfig config =
        ServerConfig.builder()
            .port(0)
            .maxBodyBytes(SMALL_BODY_LIMIT)
            .maxRequestLineBytes(SMALL_LINE_LIMIT)
            .build();
    server = GraphServer.start(config, EchoRoutes.build());
    port = server.port();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  static JsonNode error(RawHttp.Answer answer) {
    return answer.json().path("error");
  }

  @Test
  void extraPathComponentsAreCode2500() throws Exception {
    var answer = RawHttp.send(port, RawHttp.request("GET", "/v21.0/123/users/extra", null));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(error(answer).path("code").asInt()).isEqualTo(2500);
    assertThat(error(answer).path("message").asText())
        .isEqualTo("Unknown path components: /users/extra");
    assertThat(error(answer).path("type").asText()).isEqualTo("OAuthException");
  }

  @Test
  void anHttpMethodGraphDoesNotSpeakIsUnsupported() throws Exception {
    var answer = RawHttp.send(port, RawHttp.request("PUT", "/v21.0/123/users", ""));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(error(answer).path("code").asInt()).isEqualTo(100);
    assertThat(error(answer).path("type").asText()).isEqualTo("GraphMethodException");
    assertThat(error(answer).path("message").asText()).startsWith("Unsupported put request.");
  }

  @Test
  void malformedJsonBodySaysWhere() throws Exception {
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "POST",
                "/v21.0/123/users",
                "{\"payload\": {\"schema\": [\"EMAIL\",]}",
                "Content-Type: application/json"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(error(answer).path("code").asInt()).isEqualTo(100);
    assertThat(error(answer).path("message").asText())
        .startsWith("(#100) Malformed JSON in the request body at line 1, column ");
  }

  @Test
  void aJsonBodyThatIsNotAnObjectIsRefused() throws Exception {
    var answer =
        RawHttp.send(
            port,
            RawHttp.request("POST", "/v21.0/123/users", "[1,2]", "Content-Type: application/json"));

    assertThat(error(answer).path("code").asInt()).isEqualTo(100);
    assertThat(error(answer).path("message").asText()).contains("not a JSON object");
  }

  @Test
  void badPercentEncodingInAFormBodyIsAnInvalidParameter() throws Exception {
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "POST",
                "/v21.0/123/users",
                "payload=%zz",
                "Content-Type: application/x-www-form-urlencoded"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(error(answer).path("message").asText())
        .startsWith("(#100) Malformed percent-encoding in the request body");
  }

  @Test
  void badPercentEncodingInTheUrlIsAGraphErrorToo() throws Exception {
    var answer = RawHttp.send(port, RawHttp.request("GET", "/v21.0/123?payload=%zz", null));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.header("facebook-api-version")).isEqualTo("v21.0");
    assertThat(error(answer).path("code").asInt()).isEqualTo(100);
    assertThat(error(answer).path("message").asText())
        .startsWith("(#100) Malformed percent-encoding in the query string");
  }

  @Test
  void badPercentEncodingInThePathIsAGraphError() throws Exception {
    for (String path : new String[] {"/v21.0/%zz/users", "/v21.0/123/%E0%A4%A", "/v21.0/%"}) {
      var answer = RawHttp.send(port, RawHttp.request("GET", path, null));

      assertThat(answer.status()).as(path).isEqualTo(400);
      assertThat(error(answer).path("code").asInt()).as(path).isEqualTo(100);
      assertThat(error(answer).path("message").asText())
          .as(path)
          .startsWith("(#100) Malformed percent-encoding in the path");
    }
  }

  @Test
  void anUnknownMethodOverrideIsRefusedRatherThanTreatedAsPost() throws Exception {
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "POST",
                "/v21.0/123/users",
                "method=PATCH",
                "Content-Type: application/x-www-form-urlencoded"));

    assertThat(error(answer).path("code").asInt()).isEqualTo(100);
    assertThat(error(answer).path("message").asText()).contains("method=PATCH");
  }

  @Test
  void aBodyOverTheLimitIsAGraphErrorAndTheConnectionStaysUsable() throws Exception {
    char[] big = new char[SMALL_BODY_LIMIT * 5];
    Arrays.fill(big, 'a');
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "POST",
                "/v21.0/123/users",
                "payload=" + new String(big),
                "Content-Type: application/x-www-form-urlencoded"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(error(answer).path("code").asInt()).isEqualTo(100);
    assertThat(error(answer).path("message").asText())
        .contains("more than this server accepts (" + SMALL_BODY_LIMIT + ")");
  }

  @Test
  void aChunkedBodyOverTheLimitIsAGraphError() throws Exception {
    byte[] chunk = new byte[SMALL_BODY_LIMIT];
    Arrays.fill(chunk, (byte) 'b');
    HttpRequest.BodyPublisher unknownLength =
        new HttpRequest.BodyPublisher() {
          final HttpRequest.BodyPublisher chunks =
              HttpRequest.BodyPublishers.fromPublisher(
                  HttpRequest.BodyPublishers.ofByteArrays(List.of(chunk, chunk, chunk, chunk)));

          @Override
          public long contentLength() {
            return -1; // no Content-Length: Transfer-Encoding: chunked
          }

          @Override
          public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            chunks.subscribe(subscriber);
          }
        };
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v21.0/123/users"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(unknownLength)
            .build();

    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(GraphJson.MAPPER.readTree(response.body()).path("error").path("code").asInt())
        .isEqualTo(100);
  }

  @Test
  void aRequestLineOverTheLimitGetsAGraphJsonErrorNotPlainText() throws Exception {
    char[] longValue = new char[SMALL_LINE_LIMIT * 2];
    Arrays.fill(longValue, 'x');
    var answer =
        RawHttp.send(
            port,
            RawHttp.request("DELETE", "/v21.0/123/users?payload=" + new String(longValue), null));

    assertThat(answer.status()).isBetween(400, 499);
    assertThat(answer.header("content-type")).isEqualTo("application/json; charset=UTF-8");
    assertThat(error(answer).path("code").asInt()).isEqualTo(100);
    assertThat(error(answer).path("fbtrace_id").asText()).isNotEmpty();
  }

  @Test
  void aHandlerBugIsCode1Http500TransientWithoutTheStackTrace() throws Exception {
    var answer = RawHttp.send(port, RawHttp.request("GET", "/v21.0/boom/now", null));

    assertThat(answer.status()).isEqualTo(500);
    assertThat(error(answer).path("code").asInt()).isEqualTo(1);
    assertThat(error(answer).path("is_transient").asBoolean()).isTrue();
    assertThat(error(answer).path("fbtrace_id").asText()).isEqualTo(answer.header("x-fb-trace-id"));
    assertThat(answer.body()).doesNotContain("secret").doesNotContain("Exception:");
  }

  @Test
  void suppressHttpCodeSendsErrorsWithStatus200() throws Exception {
    var answer =
        RawHttp.send(port, RawHttp.request("GET", "/v21.0/boom/now?suppress_http_code=1", null));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(error(answer).path("code").asInt()).isEqualTo(1);
  }

  @Test
  void suppressHttpCodeAlsoAppliesWhenTheBodyCannotBeDecoded() throws Exception {
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "POST",
                "/v21.0/123/users?suppress_http_code=1",
                "{broken",
                "Content-Type: application/json"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(error(answer).path("code").asInt()).isEqualTo(100);
  }

  @Test
  void invalidTokenErrorsCarryWwwAuthenticate() throws Exception {
    var answer = RawHttp.send(port, RawHttp.request("POST", "/v21.0/token/check", ""));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(error(answer).path("code").asInt()).isEqualTo(190);
    assertThat(answer.header("www-authenticate"))
        .isEqualTo(
            "OAuth \"Facebook Platform\" \"invalid_token\" \"Invalid OAuth access token - Cannot"
                + " parse access token\"");
  }

  @Test
  void headersAddedByAHandlerSurviveItsError() throws Exception {
    var answer = RawHttp.send(port, RawHttp.request("GET", "/v21.0/usage/headers", null));

    assertThat(error(answer).path("code").asInt()).isEqualTo(80003);
    assertThat(error(answer).path("error_subcode").asInt()).isEqualTo(2446079);
    assertThat(answer.header("x-app-usage")).isEqualTo("{\"call_count\":1}");
  }

  @Test
  void clientTextInAnAnswerHeaderCannotEndTheHeaderLine() throws Exception {
    String injected = URLEncoder.encode("a\r\nSet-Cookie: stolen=1\u00e9", StandardCharsets.UTF_8);
    var answer =
        RawHttp.send(port, RawHttp.request("GET", "/v21.0/echo/header?value=" + injected, null));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("x-echo")).isEqualTo("a??Set-Cookie: stolen=1?");
    assertThat(answer.header("set-cookie")).isNull();
  }

  @Test
  void everyAnswerCarriesMetasHeaders() throws Exception {
    for (String target : List.of("/v24.0/123/users", "/v24.0/boom/now", "/v24.0/1/2/3")) {
      var answer = RawHttp.send(port, RawHttp.request("GET", target, null));

      assertThat(answer.header("content-type")).isEqualTo("application/json; charset=UTF-8");
      assertThat(answer.header("facebook-api-version")).isEqualTo("v24.0");
      assertThat(answer.header("x-fb-trace-id")).isNotBlank();
      assertThat(answer.header("x-fb-request-id")).isNotBlank();
      assertThat(answer.header("cache-control"))
          .isEqualTo("private, no-cache, no-store, must-revalidate");
      assertThat(answer.header("pragma")).isEqualTo("no-cache");
      assertThat(answer.header("expires")).isEqualTo("Sat, 01 Jan 2000 00:00:00 GMT");
      assertThat(answer.header("access-control-allow-origin")).isEqualTo("*");
    }
  }
}
