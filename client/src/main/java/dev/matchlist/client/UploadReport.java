package dev.matchlist.client;

import dev.matchlist.core.SchemaKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an upload did, complete or not.
 *
 * @param sessionId the upload session
 * @param audienceId the audience
 * @param operation add, remove or replace
 * @param rowsRead source rows read in this run (a resumed run re-reads the skipped rows without
 *     sending them; they are not counted here)
 * @param rowsInvalid rows not sent: no valid identifier, or a field count unlike the header's
 * @param invalidByKey invalid cells per key (the cell was sent empty)
 * @param firstInvalidSamples the first invalid cells and dropped rows, in file order: line, column,
 *     reason, never the value
 * @param rowsSent rows in batches sent and acknowledged in this run
 * @param batchesSent batches acknowledged in this run
 * @param retries calls retried
 * @param numReceived the server's last {@code num_received} (cumulative for the session)
 * @param numInvalidEntries the sum of the server's {@code num_invalid_entries}
 * @param duration wall time of this run
 * @param resumed whether this run continued a checkpointed session
 */
public record UploadReport(
    long sessionId,
    String audienceId,
    UploadOperation operation,
    long rowsRead,
    long rowsInvalid,
    Map<SchemaKey, Long> invalidByKey,
    List<InvalidSample> firstInvalidSamples,
    long rowsSent,
    long batchesSent,
    long retries,
    long numReceived,
    long numInvalidEntries,
    Duration duration,
    boolean resumed) {
  public UploadReport {
    invalidByKey = Map.copyOf(invalidByKey);
    firstInvalidSamples = List.copyOf(firstInvalidSamples);
  }
}
