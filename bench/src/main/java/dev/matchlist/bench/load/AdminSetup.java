package dev.matchlist.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a bench run creates on the server, the way an operator and an advertiser would: an app, an
 * ad account and a token through the admin API, then the audiences through the Graph API.
 */
final class AdminSetup {
  /** The token and the two audiences: one the load goes to, one the freshness probe uses. */
  record Target(String token, String loadAudience, String probeAudience) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;
  private final String adminToken;

  AdminSetup(String baseUrl, String adminToken) {
    this.baseUrl = baseUrl;
    this.adminToken = adminToken;
  }

  Target create(String runName) {
    String app =
        admin("apps", Map.of("name", runName, "require_proof", "false")).get("id").asText();
    String account =
        admin("ad_accounts", Map.of("name", runName, "app_id", app)).get("id").asText();
    String token =
        admin("tokens", Map.of("app_id", app, "ad_account_ids", account, "label", runName))
            .get("token")
            .asText();
    return new Target(
        token,
        audience(account, token, runName + " load"),
        audience(account, token, runName + " probe"));
  }

  /** The number of members of {@code audience}, counted from the look-up API's member list. */
  long memberCount(String audience) {
    HttpResponse<java.util.stream.Stream<String>> response =
        call(
            HttpRequest.newBuilder(
                    URI.create(baseUrl + "/internal/v1/audiences/" + audience + "/members"))
                .header("Authorization", "Bearer " + adminToken)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    try (var lines = response.body()) {
      if (response.statusCode() != 200) {
        throw new IllegalStateException("member list refused: HTTP " + response.statusCode());
      }
      return lines.filter(line -> !line.isBlank()).count();
    }
  }

  private String audience(String account, String token, String name) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("name", name);
    form.put("subtype", "CUSTOM");
    form.put("customer_file_source", "USER_PROVIDED_ONLY");
    form.put("access_token", token);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/v21.0/" + account + "/customaudiences"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(form)))
            .build();
    return parse(call(request, HttpResponse.BodyHandlers.ofString()), "audience")
        .get("id")
        .asText();
  }

  private JsonNode admin(String collection, Map<String, String> fields) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/_matchlist/admin/v1/" + collection))
            .header("Authorization", "Bearer " + adminToken)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
            .build();
    return parse(call(request, HttpResponse.BodyHandlers.ofString()), collection);
  }

  private static JsonNode parse(HttpResponse<String> response, String what) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "creating the "
              + what
              + " failed: HTTP "
              + response.statusCode()
              + " "
              + response.body());
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("unreadable answer creating the " + what, e);
    }
  }

  private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach " + baseUrl + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
