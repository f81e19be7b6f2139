package dev.matchlist.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.server.audiences.AudiencesService;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * What a bench run creates on the server, the way an operator and an advertiser would: an app, ad
 * accounts and a token through the admin API, then the audiences through the Graph API. An ad
 * account holds at most {@value AudiencesService#MAX_CUSTOMER_FILE_AUDIENCES} customer-file
 * audiences (Meta's limit, which the server enforces), so many audiences take several ad accounts,
 * all under the one token.
 */
final class AdminSetup {
  /** The token and the audiences: those the load goes to, and the one the freshness probe uses. */
  record Target(String token, List<String> loadAudiences, String probeAudience) {
    Target {
      loadAudiences = List.copyOf(loadAudiences);
      if (loadAudiences.isEmpty()) {
        throw new IllegalArgumentException("a target needs at least one load audience");
      }
    }
  }

  // Creating 10,000 audiences one after the other takes long; a few at once keep it short.
  private static final int PARALLEL_CALLS = 8;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;
  private final String adminToken;

  AdminSetup(String baseUrl, String adminToken) {
    this.baseUrl = baseUrl;
    this.adminToken = adminToken;
  }

  /** Creates the probe audience and {@code loadAudiences} audiences for the load. */
  Target create(String runName, int loadAudiences) {
    if (loadAudiences < 1) {
      throw new IllegalArgumentException("at least one load audience");
    }
    String app =
        admin("apps", Map.of("name", runName, "require_proof", "false")).get("id").asText();
    int perAccount = AudiencesService.MAX_CUSTOMER_FILE_AUDIENCES;
    int accountCount = (loadAudiences + 1 + perAccount - 1) / perAccount;
    List<String> accounts = new ArrayList<>();
    for (int a = 0; a < accountCount; a++) {
      accounts.add(
          admin("ad_accounts", Map.of("name", runName + " " + a, "app_id", app))
              .get("id")
              .asText());
    }
    String token =
        admin(
                "tokens",
                Map.of(
                    "app_id", app, "ad_account_ids", String.join(",", accounts), "label", runName))
            .get("token")
            .asText();
    // Audience i (the probe is 0) goes to ad account i / perAccount.
    List<String> audiences =
        inParallel(
            loadAudiences + 1,
            i ->
                audience(
                    accounts.get(i / perAccount),
                    token,
                    i == 0 ? runName + " probe" : runName + " load " + i));
    return new Target(token, audiences.subList(1, audiences.size()), audiences.get(0));
  }

  /** The member count of each of {@code audiences}, in order, by their member lists. */
  List<Long> memberCounts(List<String> audiences) {
    return inParallel(audiences.size(), i -> memberCount(audiences.get(i)));
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

  /** {@code call(0) … call(n-1)}, a few at a time, in index order. */
  private static <T> List<T> inParallel(int n, IntFunction<T> call) {
    try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(n, PARALLEL_CALLS))) {
      List<Future<T>> futures = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> call.apply(index)));
      }
      List<T> results = new ArrayList<>(n);
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
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
