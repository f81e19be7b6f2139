package dev.matchlist.cli.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * Waits, by polling the server, until every upload session of an audience has been applied; the
 * tests then read the counts through the CLI. Polls instead of sleeping a fixed time, so no test
 * depends on how fast the matcher is.
 */
public final class AudienceCounts {
  private static final Duration LIMIT = Duration.ofMinutes(3);

  private AudienceCounts() {}

  /** Returns once no session of {@code audienceId} is still uploading or processing. */
  public static void awaitSettled(GraphTestServer server, String audienceId) {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode sessions = server.get(audienceId + "/sessions?limit=500").get("data");
      if (sessions != null && !sessions.isEmpty() && allSettled(sessions)) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("the sessions of " + audienceId + " did not settle");
  }

  private static boolean allSettled(JsonNode sessions) {
    for (JsonNode session : sessions) {
      String stage = session.get("stage").asText();
      if (stage.equals("uploading") || stage.equals("processing")) {
        return false;
      }
    }
    return true;
  }
}
