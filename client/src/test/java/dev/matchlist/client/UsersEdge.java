package dev.matchlist.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.client.FakeGraph.Answer;
import dev.matchlist.client.FakeGraph.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * A users edge for {@link FakeGraph}: parses each batch, remembers it, and answers like Meta (a
 * cumulative num_received), unless a scripted failure for that batch_seq says otherwise.
 */
final class UsersEdge implements Function<Request, Answer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One received batch. */
  record Batch(
      String method,
      String path,
      long sessionId,
      int seq,
      boolean last,
      long estimatedTotal,
      JsonNode payload,
      int bodyBytes,
      int payloadBytes,
      int completedBefore) {
    int rows() {
      return payload.get("data").size();
    }
  }

  private final List<Batch> batches = Collections.synchronizedList(new ArrayList<>());
  private final List<Batch> acknowledged = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong received = new AtomicLong();
  private final AtomicInteger completed = new AtomicInteger();
  private final Map<Integer, Integer> failuresLeft = new ConcurrentHashMap<>();
  private volatile IntFunction<@Nullable Answer> failure = seq -> null;

  /** Answers batch {@code seq} with {@code answer} (every time). */
  UsersEdge failing(IntFunction<@Nullable Answer> failure) {
    this.failure = failure;
    return this;
  }

  /** Answers batch {@code seq} with a transient 500 the first {@code times} times. */
  UsersEdge transientFailures(int seq, int times) {
    failuresLeft.put(seq, times);
    return this;
  }

  @Override
  public Answer apply(Request request) {
    Map<String, String> form = request.params();
    JsonNode session;
    JsonNode payload;
    try {
      session = JSON.readTree(form.getOrDefault("session", "{}"));
      payload = JSON.readTree(form.get("payload"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String encodedPayload = request.payloadAsSent();
    int seq = session.path("batch_seq").asInt();
    Batch batch =
        new Batch(
            request.method(),
            request.path(),
            session.path("session_id").asLong(),
            seq,
            session.path("last_batch_flag").asBoolean(),
            session.path("estimated_num_total").asLong(0),
            payload,
            request.body().length,
            encodedPayload.length(),
            completed.get());
    batches.add(batch);
    Integer left = failuresLeft.computeIfPresent(seq, (k, v) -> v - 1);
    if (left != null && left >= 0) {
      return Answer.json(
          500,
          "{\"error\":{\"message\":\"An unexpected error\",\"code\":2,\"is_transient\":true}}");
    }
    Answer scripted = failure.apply(seq);
    if (scripted != null) {
      return scripted;
    }
    long total = received.addAndGet(batch.rows());
    acknowledged.add(batch);
    completed.incrementAndGet();
    return Answer.json(
        200,
        "{\"audience_id\":\"55\",\"session_id\":\""
            + batch.sessionId()
            + "\",\"num_received\":"
            + total
            + ",\"num_invalid_entries\":0,\"invalid_entry_samples\":{}}");
  }

  List<Batch> batches() {
    synchronized (batches) {
      return List.copyOf(batches);
    }
  }

  /** Batches answered with success, in arrival order. */
  List<Batch> acknowledged() {
    synchronized (acknowledged) {
      return List.copyOf(acknowledged);
    }
  }

  /** The rows of every acknowledged batch, in seq order, as JSON arrays. */
  List<JsonNode> rowsInSeqOrder() {
    List<JsonNode> rows = new ArrayList<>();
    acknowledged().stream()
        .sorted(java.util.Comparator.comparingInt(Batch::seq))
        .forEach(b -> b.payload().get("data").forEach(rows::add));
    return rows;
  }
}
