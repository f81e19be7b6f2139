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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Freshness and matcher throughput of the assembled server, end to end over HTTP: how long from an
 * upload's acknowledgement until its people are members, and how many rows a second the whole path
 * (HTTP, validation, durable intake, matching, membership commit) sustains.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.matchlist.bench.MatcherFreshness [batches] [people]
 * </pre>
 *
 * <p>Phase 1 sends 10,000-row batches one at a time and measures, for each, acknowledgement →
 * member count reflecting it (p50/p99/max). Phase 2 sends the same number of batches from two
 * client threads back to back and measures rows/s until every row is a member. Every row is a
 * person of the synthetic population, so "reflected" means the count reached its expected value.
 */
public final class MatcherFreshness {
  private static final int ROWS = 10_000;

  private MatcherFreshness() {}

  public static void main(String[] args) throws Exception {
    int batches = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int people = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    if ((long) 2 * batches * ROWS > people) {
      throw new IllegalArgumentException("needs at least 2 × batches × 10,000 people");
    }
    Path dir = Files.createTempDirectory("matchlist-freshness");
    try (MatchlistServer server =
        MatchlistServer.start(
            MatchlistServer.Settings.builder(dir)
                .port(0)
                .matching(MatchingSource.population(people))
                .build())) {
      Catalog catalog = server.parts().catalog();
      Catalog.App app = catalog.createApp("bench", false);
      Catalog.AdAccount account = catalog.createAdAccount("bench", app.id());
      String token = catalog.issueToken("bench", app.id(), Set.of(account.id())).token();
      String sequential = audience(catalog, account, "sequential");
      String concurrent = audience(catalog, account, "concurrent");
      HttpClient http = HttpClient.newHttpClient();

      long[] freshnessNanos = new long[batches];
      for (int b = 0; b < batches; b++) {
        byte[] body = body(b * ROWS, token);
        send(http, server.baseUrl(), sequential, body);
        long acked = System.nanoTime();
        long expected = (long) (b + 1) * ROWS;
        while (server.parts().membership().members(sequential).count() < expected) {
          Thread.onSpinWait();
        }
        freshnessNanos[b] = System.nanoTime() - acked;
      }
      Arrays.sort(freshnessNanos);

      List<byte[]> bodies = new ArrayList<>();
      for (int b = 0; b < batches; b++) {
        bodies.add(body((batches + b) * ROWS, token));
      }
      long start = System.nanoTime();
      Thread[] clients = new Thread[2];
      for (int c = 0; c < clients.length; c++) {
        int first = c;
        clients[c] =
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int b = first; b < batches; b += clients.length) {
                        send(http, server.baseUrl(), concurrent, bodies.get(b));
                      }
                    });
      }
      for (Thread client : clients) {
        client.join();
      }
      long acknowledged = System.nanoTime();
      while (server.parts().membership().members(concurrent).count() < (long) batches * ROWS) {
        Thread.onSpinWait();
      }
      long matched = System.nanoTime();

      double rows = (double) batches * ROWS;
      System.out.printf(
          "freshness (sequential 10k-row batches, %d): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          batches,
          millis(freshnessNanos[batches / 2]),
          millis(freshnessNanos[Math.min(batches - 1, (int) Math.ceil(batches * 0.99) - 1)]),
          millis(freshnessNanos[batches - 1]));
      System.out.printf(
          "throughput (2 clients, %,d rows): acknowledged %.0f rows/s, matched %.0f rows/s"
              + " (last ack → all matched %.1f ms)%n",
          (long) rows,
          rows / ((acknowledged - start) / 1e9),
          rows / ((matched - start) / 1e9),
          millis(matched - acknowledged));
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String audience(Catalog catalog, Catalog.AdAccount account, String name) {
    return catalog
        .createAudience(
            new Catalog.AudienceSpec(
                account.id(), name, "", "CUSTOM", "USER_PROVIDED_ONLY", false, 0, ""))
        .id();
  }

  /** A JSON body (as the Node SDK sends) of 10,000 hashed emails of people first..first+9,999. */
  private static byte[] body(int first, String token) {
    StringBuilder json = new StringBuilder(ROWS * 70).append("{\"access_token\":\"").append(token);
    json.append("\",\"payload\":{\"schema\":\"EMAIL_SHA256\",\"data\":[");
    for (int i = 0; i < ROWS; i++) {
      json.append(i == 0 ? "\"" : ",\"").append(Sha256.hex(SyntheticPopulation.email(first + i)));
      json.append('"');
    }
    return json.append("]}}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void send(HttpClient http, String baseUrl, String audience, byte[] body) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/v21.0/" + audience + "/users"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("upload refused: " + response.body());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
