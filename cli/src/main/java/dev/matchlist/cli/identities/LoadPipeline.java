package dev.matchlist.cli.identities;

import com.fasterxml.jackson.databind.JsonNode;
import dev.matchlist.cli.admin.AdminClient;
import dev.matchlist.cli.admin.AdminFailure;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Posts the requests of one identities load with up to {@value #IN_FLIGHT} in flight, numbered
 * ({@code load_id}, {@code sequence}) so that the server applies them in file order, and hands
 * their answers back in that order.
 *
 * <p>Why several in flight: the server parses, normalizes and hashes a request while it writes the
 * one before. Until the first answer shows that the server orders a load's requests (it names their
 * {@code sequence}), one goes at a time: an older server would apply them as they come.
 *
 * <p>When a request fails, the requests in flight after it are still waited for (the server refuses
 * them, as their predecessor failed; one it applied all the same is counted), and then the first
 * failure is thrown: nothing is left running and the count of loaded users is exact.
 */
final class LoadPipeline implements AutoCloseable {
  static final int IN_FLIGHT = 2;

  /** Where each answer goes, in the order of the requests. */
  interface Answers {
    void answered(JsonNode answer, long[] lines);
  }

  private record Sent(Future<JsonNode> answer, long[] lines) {}

  private final AdminClient client;
  private final Answers answers;
  private final String loadId = UUID.randomUUID().toString();
  private final ExecutorService posts =
      Executors.newFixedThreadPool(
          IN_FLIGHT, Thread.ofPlatform().daemon().name("identities-post-", 1).factory());
  private final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
  private long sequence;
  private int window = 1;

  LoadPipeline(AdminClient client, Answers answers) {
    this.client = client;
    this.answers = answers;
  }

  /** Takes the oldest answers (which may fail) until one more request may be sent. */
  void awaitRoom() {
    while (inFlight.size() >= window) {
      takeOldest();
    }
  }

  /**
   * Sends {@code body} as the load's next request, once there is room for it.
   *
   * @param lines the file line of each of the request's users
   */
  void send(Map<String, Object> body, long[] lines) {
    awaitRoom();
    body.put("load_id", loadId);
    body.put("sequence", ++sequence);
    inFlight.add(new Sent(posts.submit(() -> client.post("/identities", body)), lines));
  }

  /** Waits for every request in flight. */
  void finish() {
    while (!inFlight.isEmpty()) {
      takeOldest();
    }
  }

  private void takeOldest() {
    Sent oldest = inFlight.poll();
    JsonNode answer;
    try {
      answer = answerOf(oldest);
    } catch (RuntimeException failure) {
      drainAfter();
      throw failure;
    }
    if (sequence == 1 && answer.has("sequence")) {
      window = IN_FLIGHT; // the server applies a load's requests in order
    }
    answers.answered(answer, oldest.lines());
  }

  /**
   * Waits for the requests sent after a failed one, counting any the server applied all the same.
   */
  private void drainAfter() {
    while (!inFlight.isEmpty()) {
      Sent next = inFlight.poll();
      try {
        answers.answered(answerOf(next), next.lines());
      } catch (RuntimeException refused) {
        // expected: its predecessor failed; the first failure is the one reported
      }
    }
  }

  private static JsonNode answerOf(Sent sent) {
    try {
      return sent.answer().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdminFailure(AdminFailure.IO, "interrupted");
    }
  }

  @Override
  public void close() {
    posts.shutdownNow();
  }
}
