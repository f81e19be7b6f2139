package dev.matchlist.server.matching;

import java.util.EnumMap;
import java.util.Map;

/**
 * What matching did with one upload session, in totals only: how many rows came, how many were
 * valid, how many found a person, and by which kind of identifier. Never which rows matched.
 *
 * @param rowsReceived rows of the session's applied batches as sent, valid or not
 * @param validRows rows that passed validation (the only ones the intake log keeps)
 * @param matchedRows valid rows that resolved to a person
 * @param matchesByKind for each kind, the rows it resolved (the row's winning kind only)
 * @param appliedThrough the intake-log position of the last batch counted here (0: none, or a
 *     report stored before positions were kept); a membership snapshot {@link
 *     MembershipSnapshot#reflects reflects} the report once it has applied that far
 */
public record MatchReport(
    String adAccountId,
    long sessionId,
    String audienceId,
    long batchesApplied,
    long rowsReceived,
    long validRows,
    long matchedRows,
    Map<IdentityKind, Long> matchesByKind,
    long appliedThrough) {
  public MatchReport {
    matchesByKind = Map.copyOf(matchesByKind);
  }

  /** A session nothing was applied of yet. */
  public static MatchReport empty(String adAccountId, long sessionId, String audienceId) {
    return new MatchReport(adAccountId, sessionId, audienceId, 0, 0, 0, 0, Map.of(), 0);
  }

  /**
   * The matched share of valid rows rounded down to a multiple of 10 percent (0, 10, ... 100): a
   * report coarse enough not to reveal whether any one row matched.
   */
  public int matchedShareBucket() {
    if (validRows == 0) {
      return 0;
    }
    return (int) (matchedRows * 10 / validRows) * 10;
  }

  /** This report after one more batch, the one at intake-log {@code position}. */
  MatchReport plus(
      long position, int rowsReceivedInBatch, int validRowsInBatch, long[] matchesInBatch) {
    Map<IdentityKind, Long> byKind = new EnumMap<>(IdentityKind.class);
    byKind.putAll(matchesByKind);
    long matched = 0;
    for (IdentityKind kind : IdentityKind.values()) {
      long n = matchesInBatch[kind.ordinal()];
      if (n > 0) {
        byKind.merge(kind, n, Long::sum);
        matched += n;
      }
    }
    return new MatchReport(
        adAccountId,
        sessionId,
        audienceId,
        batchesApplied + 1,
        rowsReceived + rowsReceivedInBatch,
        validRows + validRowsInBatch,
        matchedRows + matched,
        byKind,
        position);
  }
}
