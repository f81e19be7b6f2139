package dev.matchlist.cli.sessions;

import dev.matchlist.client.UploadSession;
import java.time.Instant;

/**
 * One session as {@code sessions show} prints it: counts as numbers, times as ISO instants ({@code
 * ""} when not sent or still open), {@code num_matched} -1 while unknown.
 */
record SessionView(
    long sessionId,
    String stage,
    long numReceived,
    long numInvalidEntries,
    long numMatched,
    String progress,
    String startTime,
    String endTime) {

  static SessionView of(UploadSession session) {
    return new SessionView(
        session.sessionId(),
        session.stage(),
        session.numReceived(),
        session.numInvalidEntries(),
        session.numMatched(),
        session.progress(),
        session
            .startTime()
            .filter(t -> t > 0)
            .map(t -> Instant.ofEpochSecond(t).toString())
            .orElse(""),
        session
            .endTime()
            .filter(t -> t > 0)
            .map(t -> Instant.ofEpochSecond(t).toString())
            .orElse(""));
  }
}
