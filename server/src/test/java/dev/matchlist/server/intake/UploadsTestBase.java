package dev.matchlist.server.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.server.store.Catalog;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real server per test, an app with ad accounts A and B, and a token granted on A only. */
abstract class UploadsTestBase {
  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @TempDir Path dir;
  UploadsFixture fixture;
  UploadsFixture.ManualClock clock;
  Catalog catalog;
  Catalog.App app;
  String accountA;
  String accountB;
  String token;
  Catalog.Audience multiKey; // plain audience of A
  Catalog.Audience valueBased; // value-based audience of A
  Catalog.Audience foreign; // audience of B

  @BeforeEach
  void startServer() {
    clock = new UploadsFixture.ManualClock(1_790_000_000_000L);
    fixture = new UploadsFixture(dir, clock, 0);
    catalog = fixture.catalog;
    app = catalog.createApp("shop", false);
    accountA = catalog.createAdAccount("A", app.id()).id();
    accountB = catalog.createAdAccount("B", app.id()).id();
    multiKey = catalog.createAudience(spec(accountA, false));
    valueBased = catalog.createAudience(spec(accountA, true));
    foreign = catalog.createAudience(spec(accountB, false));
    token = catalog.issueToken("a", app.id(), Set.of(accountA)).token();
  }

  @AfterEach
  void stopServer() {
    fixture.close();
  }

  static Catalog.AudienceSpec spec(String account, boolean valueBased) {
    return new Catalog.AudienceSpec(
        account, "n", "", "CUSTOM", "USER_PROVIDED_ONLY", valueBased, 0, "");
  }

  String url(String pathAndQuery) {
    return fixture.server.baseUrl() + pathAndQuery;
  }

  static String sha(String text) throws Exception {
    return IntakeBatchTest.sha(text);
  }

  /** {@code n} distinct hashes, as a JSON array of strings. */
  static List<String> hashes(String seed, int n) throws Exception {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(sha(seed + i + "@example.com"));
    }
    return out;
  }

  static String singleKeyPayload(List<String> hashes) {
    StringJoiner data = new StringJoiner("\",\"", "[\"", "\"]");
    hashes.forEach(data::add);
    return "{\"schema\":\"EMAIL_SHA256\",\"data\":" + data + "}";
  }

  static String emailRows(List<String> hashes) {
    StringJoiner data = new StringJoiner("],[", "[[", "]]");
    hashes.forEach(h -> data.add("\"" + h + "\""));
    return "{\"schema\":[\"EMAIL\"],\"data\":" + data + "}";
  }

  static String form(String... namesAndValues) {
    StringJoiner form = new StringJoiner("&");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      form.add(
          URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8)
              + "="
              + URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
    }
    return form.toString();
  }

  static String session(long id, int seq, boolean last) {
    return "{\"session_id\":" + id + ",\"batch_seq\":" + seq + ",\"last_batch_flag\":" + last + "}";
  }

  HttpResponse<String> send(String method, String pathAndQuery, String contentType, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(pathAndQuery)));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A form POST to {@code /v21.0/<audience>/<edge>} with the token in the form. */
  HttpResponse<String> postForm(String audienceId, String edge, String... namesAndValues)
      throws Exception {
    String[] withToken = new String[namesAndValues.length + 2];
    System.arraycopy(namesAndValues, 0, withToken, 0, namesAndValues.length);
    withToken[namesAndValues.length] = "access_token";
    withToken[namesAndValues.length + 1] = token;
    return send(
        "POST",
        "/v21.0/" + audienceId + "/" + edge,
        "application/x-www-form-urlencoded",
        form(withToken));
  }

  /** Adds {@code payload} to the multi-key audience in session {@code id}, batch {@code seq}. */
  HttpResponse<String> addBatch(String audienceId, String payload, long id, int seq, boolean last)
      throws Exception {
    return postForm(audienceId, "users", "payload", payload, "session", session(id, seq, last));
  }

  /**
   * Sends {@code payload} to the multi-key audience's replace session {@code id}, batch {@code
   * seq}.
   */
  HttpResponse<String> replaceBatch(String payload, long id, int seq, boolean last)
      throws Exception {
    return postForm(
        multiKey.id(), "usersreplace", "payload", payload, "session", session(id, seq, last));
  }

  /** Removes {@code payload} from the audience as the Python SDK does: a query-string DELETE. */
  HttpResponse<String> queryStringDelete(String audienceId, String payload) throws Exception {
    return send(
        "DELETE",
        "/v21.0/" + audienceId + "/users?" + form("access_token", token, "payload", payload),
        null,
        null);
  }

  static JsonNode body(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  static JsonNode ok(HttpResponse<String> response) throws Exception {
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "expected 200, got " + response.statusCode() + ": " + response.body());
    }
    return body(response);
  }

  static JsonNode error(HttpResponse<String> response) throws Exception {
    if (response.statusCode() == 200) {
      throw new AssertionError("expected an error, got " + response.body());
    }
    return body(response).get("error");
  }
}
