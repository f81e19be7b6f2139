package dev.matchlist.server.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each official client's request shape (spec §5.2, §7), sent byte for byte over a socket to a real
 * server whose test route echoes what the wire layer decoded.
 */
class ClientShapesTest {

  static final String HASH_1 = "9b431636bd164765d63c573c346708846af4f68fe3701a77a3bdd7e7e5166254";
  static final String HASH_2 = "8cc62c145cd0c6dc444168eaeb1b61b351f9b1809a579cc9b4c9e9d7213a39ee";
  static final String PAYLOAD =
      "{\"data\":[[\""
          + HASH_1
          + "\",44.5],[\""
          + HASH_2
          + "\",140]],"
          + "\"schema\":[\"EMAIL\",\"LOOKALIKE_VALUE\"]}";

  static GraphServer server;
  static int port;

  @BeforeAll
  static void start() {
    server = GraphServer.start(ServerConfig.builder().port(0).build(), EchoRoutes.build());
    port = server.port();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static void assertPayloadIsTheSample(JsonNode echo) {
    JsonNode payload = echo.path("payload_streamed");
    assertThat(payload.path("schema").get(1).asText()).isEqualTo("LOOKALIKE_VALUE");
    assertThat(payload.path("data").get(0).get(0).asText()).isEqualTo(HASH_1);
    assertThat(payload.path("data").get(1).get(1).asInt()).isEqualTo(140);
  }

  @Test
  void pythonSdkPostSendsAJsonEncodedPayloadInAFormBodyAndTheTokenInTheQuery() throws Exception {
    String body = "payload=" + form(PAYLOAD);
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "POST",
                "/v21.0/23847289886190582/users?access_token=EAAB&appsecret_proof=abc123",
                body,
                "User-Agent: fbbizsdk-python-v21.0.0",
                "Accept-Encoding: gzip, deflate",
                "Accept: */*",
                "Connection: keep-alive",
                "Content-Type: application/x-www-form-urlencoded"));

    JsonNode echo = answer.json();
    assertThat(answer.status()).isEqualTo(200);
    assertThat(echo.path("method").asText()).isEqualTo("POST");
    assertThat(echo.path("node").asText()).isEqualTo("23847289886190582");
    assertThat(echo.path("edge").asText()).isEqualTo("users");
    assertThat(echo.path("token").asText()).isEqualTo("EAAB");
    assertThat(echo.path("appsecret_proof").asText()).isEqualTo("abc123");
    assertPayloadIsTheSample(echo);
  }

  @Test
  void pythonSdkDeleteCarriesThePayloadInTheQueryString() throws Exception {
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "DELETE",
                "/v21.0/123/users?access_token=EAAB&payload=" + form(PAYLOAD),
                "",
                "Content-Type: application/x-www-form-urlencoded"));

    JsonNode echo = answer.json();
    assertThat(echo.path("method").asText()).isEqualTo("DELETE");
    assertThat(echo.path("token").asText()).isEqualTo("EAAB");
    assertPayloadIsTheSample(echo);
  }

  static String multipart(String boundary, String... namesAndValues) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      body.append("--").append(boundary).append("\r\n");
      body.append("Content-Disposition: form-data; name=\"")
          .append(namesAndValues[i])
          .append("\"\r\n");
      body.append("\r\n").append(namesAndValues[i + 1]).append("\r\n");
    }
    return body.append("--").append(boundary).append("--\r\n").toString();
  }

  @Test
  void javaSdkPostsMultipartWithTheTokenAsAPart() throws Exception {
    String boundary = "--------------------------1588273932";
    String body = multipart(boundary, "payload", PAYLOAD, "access_token", "EAAJ");
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "POST",
                "/v24.0/123/users",
                body,
                "User-Agent: fbbizsdk-java-v24.0.1",
                "Content-Type: multipart/form-data; boundary=" + boundary,
                "Accept: text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2",
                "Connection: keep-alive"));

    JsonNode echo = answer.json();
    assertThat(echo.path("method").asText()).isEqualTo("POST");
    assertThat(echo.path("token").asText()).isEqualTo("EAAJ");
    assertThat(echo.path("version").asText()).isEqualTo("v24.0");
    assertPayloadIsTheSample(echo);
  }

  @Test
  void javaSdkDeletesWithAMultipartBody() throws Exception {
    String boundary = "--------------------------77";
    String body = multipart(boundary, "payload", PAYLOAD, "access_token", "EAAJ");
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "DELETE",
                "/v24.0/123/users",
                body,
                "Content-Type: multipart/form-data; boundary=" + boundary));

    JsonNode echo = answer.json();
    assertThat(echo.path("method").asText()).isEqualTo("DELETE");
    assertThat(echo.path("token").asText()).isEqualTo("EAAJ");
    assertPayloadIsTheSample(echo);
  }

  @Test
  void javaSdkGetWithATrailingSlashAfterTheNode() throws Exception {
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "GET",
                "/v21.0/123/?fields=id,name,approximate_count_lower_bound&access_token=T",
                null));

    JsonNode echo = answer.json();
    assertThat(echo.path("node").asText()).isEqualTo("123");
    assertThat(echo.path("edge").isNull()).isTrue();
    assertThat(echo.path("params").path("fields").asText())
        .isEqualTo("id,name,approximate_count_lower_bound");
  }

  @Test
  void nodeSdkPostsNestedJsonWithAnExtraIdAndTheTokenInTheQuery() throws Exception {
    String body =
        "{\"payload\":"
            + PAYLOAD
            + ",\"session\":{\"session_id\":9778993,\"batch_seq\":1,\"last_batch_flag\":true},"
            + "\"id\":\"123\"}";
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "POST",
                "/v24.0/123/users?access_token=EAAN",
                body,
                "Content-Type: application/json",
                "User-Agent: fbbizsdk-nodejs-v24.0.1"));

    JsonNode echo = answer.json();
    assertThat(echo.path("token").asText()).isEqualTo("EAAN");
    assertThat(echo.path("params").path("id").asText()).isEqualTo("123");
    assertThat(echo.path("json").path("session").path("session_id").asLong()).isEqualTo(9778993L);
    assertThat(echo.path("json").path("session").path("last_batch_flag").asBoolean()).isTrue();
    assertPayloadIsTheSample(echo);
  }

  @Test
  void nodeSdkDeleteSendsThePayloadInTheQueryAndAnEmptyJsonBody() throws Exception {
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "DELETE",
                "/v24.0/123/users?payload=" + form(PAYLOAD) + "&access_token=EAAN",
                "{}",
                "Content-Type: application/json"));

    JsonNode echo = answer.json();
    assertThat(echo.path("method").asText()).isEqualTo("DELETE");
    assertPayloadIsTheSample(echo);
  }

  @Test
  void nodeSdkGetWithAnEmptyJsonBodyIsAccepted() throws Exception {
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "GET",
                "/v24.0/act_77/customaudiences?fields=id&access_token=EAAN",
                "{}",
                "Content-Type: application/json"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("params").path("fields").asText()).isEqualTo("id");
  }

  @Test
  void curlFormValueInJsonQuotesMeansTheBareString() throws Exception {
    String boundary = "------------------------d74496d66958873e";
    String body =
        multipart(
            boundary,
            "name",
            "My new CA",
            "subtype",
            "\"CUSTOM\"",
            "customer_file_source",
            "USER_PROVIDED_ONLY",
            "access_token",
            "T");
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "POST",
                "/v21.0/act_1234/customaudiences",
                body,
                "User-Agent: curl/8.5.0",
                "Accept: */*",
                "Content-Type: multipart/form-data; boundary=" + boundary));

    JsonNode echo = answer.json();
    assertThat(echo.path("params").path("subtype").asText()).isEqualTo("CUSTOM");
    assertThat(echo.path("json").path("subtype").asText()).isEqualTo("CUSTOM");
    assertThat(echo.path("params").path("name").asText()).isEqualTo("My new CA");
  }

  @Test
  void curlMultiLineJsonPayloadPart() throws Exception {
    String multiLine =
        "{\n  \"schema\": [\n    \"EMAIL\",\n    \"LOOKALIKE_VALUE\"\n  ],\n  \"data\": [\n    [\n"
            + "      \""
            + HASH_1
            + "\",\n      44.5\n    ],\n    [\n      \""
            + HASH_2
            + "\",\n      140\n    ]\n  ]\n}";
    String boundary = "------------------------a1b2c3";
    String body = multipart(boundary, "payload", multiLine, "access_token", "T");
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "POST",
                "/v21.0/123/users",
                body,
                "Content-Type: multipart/form-data; boundary=" + boundary));

    assertPayloadIsTheSample(answer.json());
  }

  @Test
  void curlDeleteWithAnUrlencodedFormBody() throws Exception {
    String multiLine = PAYLOAD.replace(",", ",\n ");
    String body = "payload=" + form(multiLine) + "&access_token=T";
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "DELETE",
                "/v21.0/123/users",
                body,
                "Content-Type: application/x-www-form-urlencoded"));

    JsonNode echo = answer.json();
    assertThat(echo.path("method").asText()).isEqualTo("DELETE");
    assertPayloadIsTheSample(echo);
  }

  @Test
  void curlJsonDataWithAFormContentTypeIsReadAsJson() throws Exception {
    String body =
        "{\"payload\": "
            + PAYLOAD
            + ", \"session\": {\"session_id\": 9778993, \"batch_seq\": 1, \"last_batch_flag\": true},"
            + " \"access_token\": \"TOKEN\"}";
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "POST",
                "/v21.0/123/usersreplace",
                body,
                "Content-Type: application/x-www-form-urlencoded"));

    JsonNode echo = answer.json();
    assertThat(echo.path("edge").asText()).isEqualTo("usersreplace");
    assertThat(echo.path("token").asText()).isEqualTo("TOKEN");
    assertPayloadIsTheSample(echo);
  }

  @Test
  void segmentDeletesWithAJsonBodyAndABearerToken() throws Exception {
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "DELETE",
                "/v21.0/123/users",
                "{\"payload\":" + PAYLOAD + "}",
                "Authorization: Bearer SEGMENT_TOKEN",
                "Content-Type: application/json"));

    JsonNode echo = answer.json();
    assertThat(echo.path("method").asText()).isEqualTo("DELETE");
    assertThat(echo.path("token").asText()).isEqualTo("SEGMENT_TOKEN");
    assertPayloadIsTheSample(echo);
  }

  @Test
  void oauthAuthorizationSchemeAlsoCarriesTheToken() throws Exception {
    var answer =
        RawHttp.send(
            port,
            RawHttp.request("GET", "/v21.0/123", null, "Authorization: OAuth RESUMABLE_TOKEN"));

    assertThat(answer.json().path("token").asText()).isEqualTo("RESUMABLE_TOKEN");
  }

  @Test
  void methodDeleteParamTurnsAPostIntoADelete() throws Exception {
    String body = "method=delete&payload=" + form(PAYLOAD) + "&access_token=T";
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "POST",
                "/v21.0/123/users",
                body,
                "Content-Type: application/x-www-form-urlencoded"));

    JsonNode echo = answer.json();
    assertThat(echo.path("method").asText()).isEqualTo("DELETE");
    assertThat(echo.path("http_method").asText()).isEqualTo("POST");
  }

  @Test
  void bodyValueWinsOverTheQueryValueOfTheSameName() throws Exception {
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "POST",
                "/v21.0/123/users?access_token=FROM_QUERY&namespace=q",
                "access_token=FROM_BODY",
                "Content-Type: application/x-www-form-urlencoded"));

    JsonNode echo = answer.json();
    assertThat(echo.path("token").asText()).isEqualTo("FROM_BODY");
    assertThat(echo.path("params").path("namespace").asText()).isEqualTo("q");
  }

  @Test
  void aTwoMegabyteQueryStringIsAccepted() throws Exception {
    StringBuilder data = new StringBuilder();
    int rows = 30_000;
    HexFormat hex = HexFormat.of();
    for (int i = 0; i < rows; i++) {
      data.append(i == 0 ? "" : ",")
          .append("[\"")
          .append(hex.toHexDigits((long) i))
          .append(HASH_1, 16, 64)
          .append("\"]");
    }
    String payload = "{\"schema\":[\"EMAIL\"],\"data\":[" + data + "]}";
    String target = "/v21.0/123/users?access_token=T&payload=" + form(payload);
    assertThat(target.length()).isGreaterThan(2 * 1024 * 1024);

    var answer = RawHttp.send(port, RawHttp.request("DELETE", target, null));

    assertThat(answer.status()).isEqualTo(200);
    JsonNode streamed = answer.json().path("payload_streamed").path("data");
    assertThat(streamed.size()).isEqualTo(rows);
    assertThat(streamed.get(rows - 1).get(0).asText()).startsWith(hex.toHexDigits((long) rows - 1));
  }

  @Test
  void handTypedCurlWithRawJsonInTheQueryIsAccepted() throws Exception {
    var answer =
        RawHttp.send(
            port,
            RawHttp.request(
                "DELETE",
                "/v21.0/123/users?access_token=T&payload=" + PAYLOAD,
                null,
                "User-Agent: curl/8.5.0"));

    assertPayloadIsTheSample(answer.json());
  }

  @Test
  void curlsExpect100ContinueGetsAContinueThenTheAnswer() throws Exception {
    byte[] body = ("payload=" + form(PAYLOAD) + "&access_token=T").getBytes(StandardCharsets.UTF_8);
    String head =
        "POST /v21.0/123/users HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl/8.5.0\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\n"
            + "Content-Length: "
            + body.length
            + "\r\n\r\n";
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      java.io.InputStream in = socket.getInputStream();
      String interim =
          new String(
              in.readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length()), StandardCharsets.US_ASCII);
      assertThat(interim).startsWith("HTTP/1.1 100 Continue");

      socket.getOutputStream().write(body);
      RawHttp.Answer answer = RawHttp.read(in);

      assertThat(answer.status()).isEqualTo(200);
      assertPayloadIsTheSample(answer.json());
    }
  }

  @Test
  void unversionedPathsGetTheDefaultVersion() throws Exception {
    var answer = RawHttp.send(port, RawHttp.request("GET", "/123/users?x=1", null));

    assertThat(answer.json().path("version").asText()).isEqualTo("v21.0");
    assertThat(answer.header("facebook-api-version")).isEqualTo("v21.0");
  }

  @Test
  void theVersionAskedForIsEchoedInTheHeader() throws Exception {
    var answer = RawHttp.send(port, RawHttp.request("GET", "/v24.0/123/users", null));

    assertThat(answer.json().path("version").asText()).isEqualTo("v24.0");
    assertThat(answer.header("facebook-api-version")).isEqualTo("v24.0");
  }

  @Test
  void adAccountNodesAreRecognizedAndPreferTheirOwnRoute() throws Exception {
    var answer =
        RawHttp.send(port, RawHttp.request("GET", "/v21.0/act_1234/customaudiences", null));

    JsonNode echo = answer.json();
    assertThat(echo.path("ad_account").asText()).isEqualTo("1234");
    assertThat(echo.path("route_account").asText()).isEqualTo("1234");
  }

  @Test
  void javaHttpClientFormPostIsDecoded() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v21.0/555/users?access_token=H"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "payload=" + form(PAYLOAD) + "&session=" + form("{\"session_id\":7}")))
            .build();

    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

    JsonNode echo = GraphJson.MAPPER.readTree(response.body());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(echo.path("json").path("session").path("session_id").asInt()).isEqualTo(7);
    assertThat(echo.path("base_url").asText()).isEqualTo(server.baseUrl());
    assertPayloadIsTheSample(echo);
  }
}
