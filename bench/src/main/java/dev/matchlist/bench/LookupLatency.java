package dev.matchlist.bench;

import dev.matchlist.core.Sha256;
import dev.matchlist.server.MatchlistServer;
import dev.matchlist.server.matching.MatchingSource;
import dev.matchlist.server.matching.SyntheticPopulation;
import dev.matchlist.server.store.Catalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Latency of the ad server's membership look-up, {@code GET /internal/v1/people/{user}/audiences},
 * one request at a time over loopback (HTTP/1.1 keep-alive), against a server whose people are
 * members of several audiences.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.matchlist.bench.LookupLatency [lookups] [audiences]
 * </pre>
 */
public final class LookupLatency {
  private static final int PEOPLE = 100_000;

  private LookupLatency() {}

  public static void main(String[] args) throws Exception {
    int lookups = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int audiences = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Path dir = Files.createTempDirectory("matchlist-lookup");
    try (MatchlistServer server =
        MatchlistServer.start(
            MatchlistServer.Settings.builder(dir)
                .port(0)
                .matching(MatchingSource.population(PEOPLE))
                .build())) {
      Catalog catalog = server.parts().catalog();
      Catalog.App app = catalog.createApp("bench", false);
      Catalog.AdAccount account = catalog.createAdAccount("bench", app.id());
      String token = catalog.issueToken("bench", app.id(), Set.of(account.id())).token();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

      // Each audience takes 10,000 people of the population (they overlap), so most people are
      // in a few audiences.
      SplittableRandom random = new SplittableRandom(7);
      long expected = 0;
      String last = null;
      for (int a = 0; a < audiences; a++) {
        last =
            catalog
                .createAudience(
                    new Catalog.AudienceSpec(
                        account.id(), "a" + a, "", "CUSTOM", "USER_PROVIDED_ONLY", false, 0, ""))
                .id();
        int first = random.nextInt(PEOPLE - 10_000);
        StringBuilder json = new StringBuilder("{\"access_token\":\"").append(token);
        json.append("\",\"payload\":{\"schema\":\"EMAIL_SHA256\",\"data\":[");
        for (int i = 0; i < 10_000; i++) {
          json.append(i == 0 ? "\"" : ",\"")
              .append(Sha256.hex(SyntheticPopulation.email(first + i)))
              .append('"');
        }
        json.append("]}}");
        send(http, server.baseUrl() + "/v21.0/" + last + "/users", json.toString(), null);
        expected = 10_000;
      }
      while (server.parts().membership().members(last).count() < expected) {
        Thread.sleep(5);
      }

      String admin = "Bearer " + server.adminToken().value();
      long[] nanos = new long[lookups];
      for (int i = -2_000; i < lookups; i++) { // the first 2,000 warm the JIT up, uncounted
        String user = SyntheticPopulation.userId(random.nextInt(PEOPLE));
        long start = System.nanoTime();
        send(http, server.baseUrl() + "/internal/v1/people/" + user + "/audiences", null, admin);
        if (i >= 0) {
          nanos[i] = System.nanoTime() - start;
        }
      }
      Arrays.sort(nanos);
      long total = Arrays.stream(nanos).sum();
      System.out.printf(
          "look-up (%d audiences, %,d people, %,d sequential requests): p50 %.3f ms, p99 %.3f ms,"
              + " max %.3f ms, %.0f requests/s on one connection%n",
          audiences,
          PEOPLE,
          lookups,
          nanos[lookups / 2] / 1e6,
          nanos[(int) (lookups * 0.99)] / 1e6,
          nanos[lookups - 1] / 1e6,
          lookups / (total / 1e9));
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void send(HttpClient http, String url, String jsonBody, String authorization)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (jsonBody != null) {
      request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          url + " answered " + response.statusCode() + ": " + response.body());
    }
  }
}
