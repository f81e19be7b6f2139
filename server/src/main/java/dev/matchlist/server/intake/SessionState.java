package dev.matchlist.server.intake;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Everything the server remembers of one upload session, enough to answer a re-sent batch exactly
 * as the first time and to refuse batches the session may no longer take.
 *
 * @param answeredBatches batch_seq → num_received after that batch (the cumulative count it was
 *     answered with); batches without batch_seq are not remembered
 * @param closedAtMillis when the last batch arrived or the 90-minute window ended; 0 while open
 */
public record SessionState(
    String audienceId,
    long sessionId,
    Operation operation,
    long startedAtMillis,
    long updatedAtMillis,
    long numReceived,
    long numInvalidEntries,
    @Nullable Long estimatedNumTotal,
    Map<Integer, Long> answeredBatches,
    long closedAtMillis,
    boolean timedOut) {
  public SessionState {
    answeredBatches = Map.copyOf(answeredBatches);
  }

  public boolean isClosed() {
    return closedAtMillis != 0;
  }

  /** This state after one more batch of {@code rows} rows, {@code invalid} of them invalid. */
  SessionState withBatch(BatchHeader header, int rows, int invalid, long now) {
    Map<Integer, Long> answered = new TreeMap<>(answeredBatches);
    long received = numReceived + rows;
    if (header.batchSeq() != null) {
      answered.put(header.batchSeq(), received);
    }
    return new SessionState(
        audienceId,
        sessionId,
        operation,
        startedAtMillis,
        now,
        received,
        numInvalidEntries + invalid,
        header.estimatedNumTotal() != null ? header.estimatedNumTotal() : estimatedNumTotal,
        answered,
        header.lastBatchFlag() ? now : closedAtMillis,
        timedOut);
  }

  /** This state closed by the session window running out. */
  SessionState timedOutAt(long now) {
    return new SessionState(
        audienceId,
        sessionId,
        operation,
        startedAtMillis,
        now,
        numReceived,
        numInvalidEntries,
        estimatedNumTotal,
        answeredBatches,
        now,
        true);
  }
}
