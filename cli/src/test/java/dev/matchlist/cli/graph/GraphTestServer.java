package dev.matchlist.cli.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.cli.demo.DemoCredentials;
import dev.matchlist.server.MatchlistServer;
import dev.matchlist.server.matching.MatchingSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * A real Matchlist server in the test's JVM over a synthetic population (person i is {@code
 * user{i}@example.com}), with the demo's app, ad account, token and audience, for tests that run
 * the CLI as a child process against it.
 */
public final class GraphTestServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MatchlistServer server;
  private final DemoCredentials credentials;
  private final HttpClient http = HttpClient.newHttpClient();

  private GraphTestServer(MatchlistServer server, DemoCredentials credentials) {
    this.server = server;
    this.credentials = credentials;
  }

  public static GraphTestServer start(Path dataDirectory, int people) {
    MatchlistServer server =
        MatchlistServer.start(
            MatchlistServer.Settings.builder(dataDirectory)
                .port(0)
                .matching(MatchingSource.population(people))
                .build());
    return new GraphTestServer(
        server,
        DemoCredentials.create(
            server.parts().catalog(), server.baseUrl(), server.adminToken().value()));
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  public String token() {
    return credentials.accessToken();
  }

  public String adAccountId() {
    return credentials.adAccountId();
  }

  public String audienceId() {
    return credentials.audienceId();
  }

  public String appSecret() {
    return credentials.appSecret();
  }

  /** Sets the ad account's fault plan (the emulator's admin API); throws unless accepted. */
  public void faults(String planJson) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    baseUrl() + "/_matchlist/admin/v1/ad_accounts/" + adAccountId() + "/faults"))
            .header("Authorization", "Bearer " + credentials.adminToken())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(planJson))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("fault plan refused: " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a fresh audience in the demo ad account over HTTP and returns its id. */
  public String createAudience(String name) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(baseUrl() + "/v21.0/" + adAccountId() + "/customaudiences"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "name="
                        + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                        + "&subtype=CUSTOM&customer_file_source=USER_PROVIDED_ONLY&access_token="
                        + token()))
            .build();
    try {
      JsonNode answer =
          JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
      if (!answer.has("id")) {
        throw new IllegalStateException("audience not created: " + answer);
      }
      return answer.get("id").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Removes the ad account's fault plan. */
  public void clearFaults() {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    baseUrl() + "/_matchlist/admin/v1/ad_accounts/" + adAccountId() + "/faults"))
            .header("Authorization", "Bearer " + credentials.adminToken())
            .DELETE()
            .build();
    try {
      http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GET {@code /v21.0/{path}} with the demo token, as JSON. */
  public JsonNode get(String pathAndQuery) {
    String separator = pathAndQuery.contains("?") ? "&" : "?";
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    baseUrl() + "/v21.0/" + pathAndQuery + separator + "access_token=" + token()))
            .build();
    try {
      return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    http.close();
    server.close();
  }
}
