package dev.matchlist.server.intake;

import org.jspecify.annotations.Nullable;

/**
 * The {@code session} parameter of one upload request.
 *
 * @param sessionId the advertiser's session id, or null when the request has no session (the server
 *     then makes a one-batch session with an id of its own)
 * @param batchSeq 1-based batch number, or null (Meta's own uploader omits it)
 * @param lastBatchFlag true on the final batch: the session closes
 * @param estimatedNumTotal the advertiser's hint of the session's total rows, or null
 */
public record BatchHeader(
    @Nullable Long sessionId,
    @Nullable Integer batchSeq,
    boolean lastBatchFlag,
    @Nullable Long estimatedNumTotal) {
  public BatchHeader {
    if (sessionId != null && sessionId <= 0) {
      throw new IllegalArgumentException("session_id must be a positive integer");
    }
    if (batchSeq != null && batchSeq < 1) {
      throw new IllegalArgumentException("batch_seq must be 1 or more");
    }
  }

  /** A request without a {@code session} parameter. */
  public static BatchHeader none() {
    return new BatchHeader(null, null, false, null);
  }
}
