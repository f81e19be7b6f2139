package dev.matchlist.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** A small HTTP client for tests: JSON in, status and JSON out. */
public final class AdminHttp {
  public static final ObjectMapper JSON = new ObjectMapper();

  /** A status and the parsed JSON body. */
  public record Answer(int status, JsonNode body, String raw) {
    public JsonNode error() {
      return body.path("error");
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;
  private final Optional<String> bearer;

  public AdminHttp(String baseUrl, Optional<String> bearer) {
    this.baseUrl = baseUrl;
    this.bearer = bearer;
  }

  public AdminHttp as(String token) {
    return new AdminHttp(baseUrl, Optional.of(token));
  }

  public Answer get(String path) {
    return send("GET", path, null);
  }

  public Answer post(String path, String json) {
    return send("POST", path, json);
  }

  public Answer delete(String path) {
    return send("DELETE", path, null);
  }

  public Answer send(String method, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    bearer.ifPresent(token -> request.header("Authorization", "Bearer " + token));
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body =
          response.body().startsWith("{") ? JSON.readTree(response.body()) : JSON.nullNode();
      return new Answer(response.statusCode(), body, response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
