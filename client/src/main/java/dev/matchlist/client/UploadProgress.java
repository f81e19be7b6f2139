package dev.matchlist.client;

import java.util.OptionalLong;

/**
 * A snapshot of an upload under way.
 *
 * @param rowsRead source rows read so far (in this run)
 * @param rowsSent rows in batches sent (retries not counted twice)
 * @param rowsAcknowledged rows in batches the server acknowledged
 * @param rowsInvalid rows dropped: no valid identifier, or malformed
 * @param retries calls retried so far
 * @param rowsPerSecond source rows read per second since the start of this run
 * @param estimatedTotal the source's estimated row count, when known
 */
public record UploadProgress(
    long rowsRead,
    long rowsSent,
    long rowsAcknowledged,
    long rowsInvalid,
    long retries,
    double rowsPerSecond,
    OptionalLong estimatedTotal) {}
