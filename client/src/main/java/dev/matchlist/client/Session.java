package dev.matchlist.client;

/**
 * The {@code session} parameter of a users call: which batch of which upload session this is.
 * Re-sending a batch with the same {@code (sessionId, batchSeq)} lets the server count it once.
 *
 * @param sessionId positive, chosen by the advertiser, unique within the ad account
 * @param batchSeq 1-based position of the batch in the session
 * @param lastBatch whether this batch ends the session
 * @param estimatedNumTotal expected rows in the whole session, 0 when unknown (then not sent)
 */
public record Session(long sessionId, int batchSeq, boolean lastBatch, long estimatedNumTotal) {
  public Session {
    if (sessionId <= 0) {
      throw new IllegalArgumentException("sessionId must be positive, was " + sessionId);
    }
    if (batchSeq < 1) {
      throw new IllegalArgumentException("batchSeq is 1-based, was " + batchSeq);
    }
    if (estimatedNumTotal < 0) {
      throw new IllegalArgumentException("estimatedNumTotal must not be negative");
    }
  }
}
