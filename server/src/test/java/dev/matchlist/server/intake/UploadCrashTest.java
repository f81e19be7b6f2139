package dev.matchlist.server.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.server.store.Catalog;
import dev.matchlist.server.store.RocksCatalog;
import dev.matchlist.server.store.RocksIntakeLog;
import dev.matchlist.server.store.RocksSessionStore;
import dev.matchlist.server.store.RocksStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged = durable, applied once: a child JVM serves uploads, four client threads send
 * batches and record each acknowledged (session_id, batch_seq); the child is killed with SIGKILL
 * mid-stream and restarted on the same data directory, and every acknowledged batch is in the
 * intake log exactly once — also after the clients re-send their last acknowledged batch.
 */
class UploadCrashTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ACKS_BEFORE_KILL = 60;

  @TempDir Path dir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private String audienceId;
  private String token;

  @Test
  void everyAcknowledgedBatchSurvivesKillDashNineExactlyOnce() throws Exception {
    try (RocksStore store = RocksStore.open(dir)) {
      Catalog catalog = new RocksCatalog(store, Clock.systemUTC());
      Catalog.App app = catalog.createApp("crash", false);
      String account = catalog.createAdAccount("A", app.id()).id();
      audienceId = catalog.createAudience(UploadsTestBase.spec(account, false)).id();
      token = catalog.issueToken("t", app.id(), Set.of(account)).token();
    }
    Map<Long, Map<Integer, Integer>> acked = new ConcurrentHashMap<>(); // session → seq → answer

    Process first = startChild();
    uploadUntilKilled(first, childPort(first), acked, 1);
    assertStoredOnce(acked);

    Process second = startChild();
    int port = childPort(second);
    for (Map.Entry<Long, Map<Integer, Integer>> session : acked.entrySet()) {
      int lastSeq = session.getValue().keySet().stream().max(Integer::compare).orElseThrow();
      JsonNode again = send(port, session.getKey(), lastSeq);
      assertThat(again.get("num_received").asInt()).isEqualTo(session.getValue().get(lastSeq));
    }
    uploadUntilKilled(second, port, acked, ACKS_BEFORE_KILL + 1);
    assertStoredOnce(acked);
    assertThat(acked.values().stream().mapToInt(Map::size).sum())
        .isGreaterThanOrEqualTo(2 * ACKS_BEFORE_KILL);
  }

  /** Four sessions, one per thread, each sending 3-row batches until the child dies. */
  private void uploadUntilKilled(
      Process child, int port, Map<Long, Map<Integer, Integer>> acked, int firstSeq)
      throws Exception {
    AtomicInteger acks = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (long session = 1; session <= 4; session++) {
      long id = session;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int seq = firstSeq; ; seq++) {
                      try {
                        JsonNode answer = send(port, id, seq);
                        acked
                            .computeIfAbsent(id, k -> new ConcurrentHashMap<>())
                            .put(seq, answer.get("num_received").asInt());
                        acks.incrementAndGet();
                      } catch (Exception childGone) {
                        return;
                      }
                    }
                  }));
    }
    while (acks.get() < ACKS_BEFORE_KILL && child.isAlive()) {
      Thread.onSpinWait();
    }
    child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no RocksDB close
    child.waitFor(30, TimeUnit.SECONDS);
    for (Thread t : threads) {
      t.join(30_000);
    }
    assertThat(acks.get()).isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
  }

  private JsonNode send(int port, long sessionId, int seq) throws Exception {
    String payload = UploadsTestBase.emailRows(UploadsTestBase.hashes(sessionId + "-" + seq, 3));
    String body =
        UploadsTestBase.form(
            "access_token",
            token,
            "payload",
            payload,
            "session",
            UploadsTestBase.session(sessionId, seq, false));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v21.0/" + audienceId + "/users"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(response.body());
    }
    return JSON.readTree(response.body());
  }

  private void assertStoredOnce(Map<Long, Map<Integer, Integer>> acked) {
    try (RocksStore store = RocksStore.open(dir)) {
      RocksIntakeLog log = new RocksIntakeLog(store);
      RocksSessionStore sessions = new RocksSessionStore(store, log);
      Map<String, Integer> stored = new HashMap<>();
      log.readAfter(0, Integer.MAX_VALUE).stream()
          .map(entry -> IntakeBatch.decode(entry.bytes()))
          .forEach(b -> stored.merge(b.sessionId() + "/" + b.batchSeq(), 1, Integer::sum));
      assertThat(stored.values()).containsOnly(1);
      for (Map.Entry<Long, Map<Integer, Integer>> session : acked.entrySet()) {
        SessionState state =
            sessions.session(catalogAccount(store), session.getKey()).orElseThrow();
        for (Map.Entry<Integer, Integer> batch : session.getValue().entrySet()) {
          assertThat(stored).containsKey(session.getKey() + "/" + batch.getKey());
          assertThat(state.answeredBatches().get(batch.getKey()))
              .isEqualTo((long) batch.getValue());
        }
      }
    }
  }

  private String catalogAccount(RocksStore store) {
    return new RocksCatalog(store, Clock.systemUTC())
        .audience(audienceId)
        .orElseThrow()
        .spec()
        .adAccountId();
  }

  private Process startChild() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            ServingProcess.class.getName(),
            dir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static int childPort(Process child) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("PORT ")) {
        return Integer.parseInt(line.substring(5).strip());
      }
    }
    throw new AssertionError("the child exited before it served");
  }

  /** The child: the uploads routes over RocksDB in args[0], on a free port it prints. */
  public static final class ServingProcess {
    public static void main(String[] args) throws Exception {
      UploadsFixture fixture = new UploadsFixture(Path.of(args[0]), Clock.systemUTC(), 0);
      System.out.println("PORT " + fixture.server.port());
      System.out.flush();
      Thread.sleep(120_000); // the parent kills us long before this
      System.exit(1);
    }
  }
}
