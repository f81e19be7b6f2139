package dev.matchlist.client;

import java.util.Optional;

/**
 * One entry of {@code GET /{audience}/sessions}. Meta sends the counts as numeric strings; they are
 * numbers here, -1 where the server says "not known yet" (Meta's {@code num_matched} before
 * matching).
 *
 * @param sessionId the session
 * @param stage e.g. {@code uploading}, {@code processing}, {@code finished}; vocabulary
 *     undocumented
 * @param numReceived rows received in the session
 * @param numInvalidEntries rows found invalid
 * @param numMatched rows matched to a person, -1 when not known yet
 * @param progress the server's progress text, e.g. {@code "100"}
 * @param startTime unix seconds when the session started, when sent
 * @param endTime unix seconds when it ended, when sent and ended
 */
public record UploadSession(
    long sessionId,
    String stage,
    long numReceived,
    long numInvalidEntries,
    long numMatched,
    String progress,
    Optional<Long> startTime,
    Optional<Long> endTime) {}
