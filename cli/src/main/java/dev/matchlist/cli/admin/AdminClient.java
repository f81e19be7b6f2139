package dev.matchlist.cli.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Calls the server's admin API ({@code /_matchlist/admin/v1/...}) with the admin token, and turns
 * every failure into an {@link AdminFailure} with the exit code it deserves: unreachable or
 * unreadable answers are I/O (4), Graph errors are refusals (5).
 */
public final class AdminClient {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "/_matchlist/admin/v1";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final String baseUrl;
  private final String adminToken;

  AdminClient(String baseUrl, String adminToken, @Nullable String fingerprint, boolean insecure) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.adminToken = adminToken;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (fingerprint != null && !fingerprint.isBlank()) {
      builder.sslContext(PinnedTrust.pinned(fingerprint));
    } else if (insecure) {
      builder.sslContext(PinnedTrust.insecure());
    }
    this.http = builder.build();
  }

  public JsonNode get(String path) {
    return send("GET", path, null);
  }

  public JsonNode post(String path, Object body) {
    return send("POST", path, body);
  }

  public JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  private JsonNode send(String method, String path, @Nullable Object body) {
    URI uri;
    try {
      uri = URI.create(baseUrl + PREFIX + path);
    } catch (IllegalArgumentException e) {
      throw new AdminFailure(AdminFailure.USAGE, "--server is not a URL: " + baseUrl);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + adminToken)
            .method(method, publisher(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (SSLException e) {
      throw new AdminFailure(
          AdminFailure.IO,
          "TLS with "
              + baseUrl
              + " failed: "
              + e.getMessage()
              + " (for a self-signed server pass --tls-fingerprint as `matchlist serve` printed"
              + " it)");
    } catch (HttpTimeoutException e) {
      throw new AdminFailure(AdminFailure.IO, "no answer from " + baseUrl + " in time");
    } catch (IOException e) {
      throw new AdminFailure(
          AdminFailure.IO, "cannot reach " + baseUrl + ": " + describe(e) + " (is it running?)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdminFailure(AdminFailure.IO, "interrupted");
    }
    return answer(response);
  }

  private static JsonNode answer(HttpResponse<String> response) {
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new AdminFailure(
          AdminFailure.IO,
          "the server's answer (HTTP "
              + response.statusCode()
              + ") is not JSON: is --server a"
              + " Matchlist server?");
    }
    JsonNode error = json == null ? null : json.get("error");
    if (error != null) {
      throw new AdminFailure(
          AdminFailure.REFUSED,
          "the server refused: "
              + error.path("message").asText()
              + " (code "
              + error.path("code").asInt()
              + (error.has("error_subcode") ? ", subcode " + error.get("error_subcode") : "")
              + ", HTTP "
              + response.statusCode()
              + ")");
    }
    if (response.statusCode() >= 300 || json == null) {
      throw new AdminFailure(
          AdminFailure.REFUSED, "the server answered HTTP " + response.statusCode());
    }
    return json;
  }

  private static HttpRequest.BodyPublisher publisher(@Nullable Object body) {
    if (body == null) {
      return HttpRequest.BodyPublishers.noBody();
    }
    try {
      return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("request bodies are maps and JSON trees", e);
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getCause() != null ? String.valueOf(e.getCause().getMessage()) : "";
    }
    return e.getClass().getSimpleName() + (message.isBlank() ? "" : " " + message);
  }
}
