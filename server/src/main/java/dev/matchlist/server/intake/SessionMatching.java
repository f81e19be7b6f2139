package dev.matchlist.server.intake;

import java.util.Map;
import java.util.Optional;

/**
 * What matching has done with an upload session so far, as the sessions edge reports it. Intake
 * comes before matching in the flow, so it asks through this interface rather than knowing the
 * matcher; the server wires it to the match reports.
 */
@FunctionalInterface
public interface SessionMatching {
  /** The session's progress; empty while none of its batches has been applied. */
  Optional<Progress> progress(String adAccountId, long sessionId);

  /**
   * How many people the audience has now; replace refuses audiences of {@link
   * UploadRules#MAX_REPLACE_MEMBERS} or more. Servers without matching have none.
   */
  default long memberCount(String audienceId) {
    return 0;
  }

  /** For servers without matching: no session ever has progress. */
  static SessionMatching none() {
    return (adAccountId, sessionId) -> Optional.empty();
  }

  /**
   * Totals only, never which rows matched.
   *
   * @param rowsApplied rows (as sent, valid or not) of the session's batches applied so far;
   *     compared with the session's {@code num_received} to tell whether matching has caught up
   * @param matchedRows rows that found a person
   * @param matchedShareBucket matched share of the valid rows, rounded down to 0, 10, … 100
   * @param matchedByKey rows matched per kind of identifier (e.g. {@code EMAIL}), by the row's
   *     winning identifier
   */
  record Progress(
      long rowsApplied, long matchedRows, int matchedShareBucket, Map<String, Long> matchedByKey) {
    public Progress {
      matchedByKey = Map.copyOf(matchedByKey);
    }

    /** Whether every row the session received has been applied. */
    public boolean caughtUpWith(SessionState session) {
      return rowsApplied >= session.numReceived();
    }
  }
}
