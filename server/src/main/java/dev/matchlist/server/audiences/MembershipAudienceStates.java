package dev.matchlist.server.audiences;

import dev.matchlist.server.intake.Operation;
import dev.matchlist.server.intake.SessionRules;
import dev.matchlist.server.intake.SessionState;
import dev.matchlist.server.intake.SessionStore;
import dev.matchlist.server.matching.MatchReport;
import dev.matchlist.server.matching.Membership;
import dev.matchlist.server.matching.MembershipSnapshot;
import dev.matchlist.server.store.Catalog;
import java.time.Clock;
import java.util.Optional;

/**
 * An audience's read state from its membership and its upload sessions.
 *
 * <ul>
 *   <li><b>Size</b>: the member count rounded to {@link Rules#significantDigits} significant
 *       digits, down for the lower bound and up for the upper one (two digits: 1234 → 1200–1300, 57
 *       → 57–57, 0 → 0–0), so the exact count stays inside the range without being given away.
 *   <li><b>operation_status</b>, first that applies: 410 no session yet; 414 a replace session is
 *       open or has rows not applied yet; 441 a session has rows the matcher has not applied yet;
 *       412 the last settled session had more than {@link Rules#highInvalidShare} invalid entries;
 *       411 it matched less than {@link Rules#lowMatchShare} of its valid rows; else 200. A session
 *       is settled when every row it received has been applied; removals never set 411 or 412
 *       (removing people who were never members is no data problem). 415 is never reported: a
 *       replace cannot fail once its batches are accepted (a session closed by its 90-minute window
 *       still swaps to what it received, as on Meta), and refused batches fail synchronously.
 *   <li><b>delivery_status</b>: 200 at {@link Rules#minimumSize} members or more, else 300.
 *   <li><b>time_content_updated</b>: when the latest batch that has reached the membership arrived
 *       (its session's last update); the catalog's time while none has. A person removed from the
 *       identity base does not move it.
 * </ul>
 *
 * <p>Only recent sessions are read: newest first, down to the last settled one and at least all
 * those started within the session window (older ones are closed and, unless the matcher lags by
 * more than 90 minutes, settled). A replace whose session was closed by its window is swapped on
 * the matcher's next idle round (within its poll interval); until then it already reads as 200.
 */
public final class MembershipAudienceStates implements AudienceStates {
  /**
   * How sizes are rounded and statuses decided.
   *
   * @param significantDigits digits the size range keeps (1 or more)
   * @param lowMatchShare matched share of valid rows below which 411 is reported (0–1)
   * @param highInvalidShare invalid share of received rows above which 412 is reported (0–1)
   * @param minimumSize members needed for delivery_status 200
   */
  public record Rules(
      int significantDigits, double lowMatchShare, double highInvalidShare, long minimumSize) {
    public Rules {
      if (significantDigits < 1 || significantDigits > 18) {
        throw new IllegalArgumentException("significantDigits must be 1..18: " + significantDigits);
      }
      if (!(lowMatchShare >= 0 && lowMatchShare <= 1)) {
        throw new IllegalArgumentException("lowMatchShare must be 0..1: " + lowMatchShare);
      }
      if (!(highInvalidShare >= 0 && highInvalidShare <= 1)) {
        throw new IllegalArgumentException("highInvalidShare must be 0..1: " + highInvalidShare);
      }
      if (minimumSize < 0) {
        throw new IllegalArgumentException("minimumSize must be 0 or more: " + minimumSize);
      }
    }

    /** Two significant digits, 411 below 20 % matched, 412 above 50 % invalid, 100 members. */
    public static Rules defaults() {
      return new Rules(2, 0.20, 0.50, 100);
    }
  }

  private final Membership membership;
  private final SessionStore sessions;
  private final Clock clock;
  private final Rules rules;

  public MembershipAudienceStates(
      Membership membership, SessionStore sessions, Clock clock, Rules rules) {
    this.membership = membership;
    this.sessions = sessions;
    this.clock = clock;
    this.rules = rules;
  }

  @Override
  public AudienceState stateOf(Catalog.Audience audience) {
    // One consistent read without waiting for the matcher: the count and the statuses both come
    // from this snapshot, so a status of 200 comes with the count its batches produced.
    MembershipSnapshot snapshot = membership.snapshot();
    long count = snapshot.members(audience.id()).count();
    long[] range = sizeRange(count, rules.significantDigits());
    int delivery = count >= rules.minimumSize() ? 200 : 300;
    Sessions seen = scan(audience, snapshot);
    return new AudienceState(
        range[0], range[1], seen.operationStatus(), delivery, seen.contentTime());
  }

  /** {lower, upper}: the count kept to {@code significantDigits} digits, rounded down and up. */
  static long[] sizeRange(long count, int significantDigits) {
    long limit = 1;
    for (int i = 0; i < significantDigits; i++) {
      limit *= 10;
    }
    long unit = 1; // the power of ten below which digits are dropped
    while (count / unit >= limit) {
      unit *= 10;
    }
    long lower = count / unit * unit;
    return new long[] {lower, lower == count ? count : lower + unit};
  }

  private Sessions scan(Catalog.Audience audience, MembershipSnapshot snapshot) {
    Sessions seen = new Sessions(audience.spec().adAccountId(), snapshot, clock.millis());
    sessions.visitSessions(audience.id(), seen::visit);
    return seen;
  }

  /** What the scan of an audience's sessions found. */
  private final class Sessions {
    private final String account;
    private final MembershipSnapshot snapshot;
    private final long now;
    private final long windowStart;
    boolean any;
    boolean replacing;
    boolean populating;
    long contentMillis;
    SessionState lastSettled;
    MatchReport lastReport;

    Sessions(String account, MembershipSnapshot snapshot, long now) {
      this.account = account;
      this.snapshot = snapshot;
      this.now = now;
      this.windowStart = now - SessionRules.WINDOW.toMillis();
    }

    /** Takes in the next session, newest first; false once older ones cannot matter. */
    boolean visit(SessionState stored) {
      SessionState session = SessionRules.expire(stored, now).orElse(stored);
      if (lastSettled != null && session.startedAtMillis() < windowStart) {
        return false;
      }
      any = true;
      // A report these members do not reflect yet reads as a session still being applied.
      Optional<MatchReport> report =
          membership.matchReport(account, session.sessionId()).filter(snapshot::reflects);
      long applied = report.map(MatchReport::rowsReceived).orElse(0L);
      boolean settled = applied >= session.numReceived();
      boolean replace = session.operation() == Operation.REPLACE;
      if (!settled || (replace && !session.isClosed())) {
        if (replace) {
          replacing = true;
        } else {
          populating = true;
        }
      }
      boolean reachedMembers = replace ? settled && session.isClosed() : applied > 0;
      if (reachedMembers) {
        contentMillis = Math.max(contentMillis, session.updatedAtMillis());
      }
      if (settled
          && session.operation() != Operation.REMOVE
          && lastSettled == null
          && report.isPresent()) {
        lastSettled = session;
        lastReport = report.get();
      }
      return true;
    }

    int operationStatus() {
      if (!any) {
        return 410;
      }
      if (replacing) {
        return 414;
      }
      if (populating) {
        return 441;
      }
      if (lastSettled != null) {
        long received = lastSettled.numReceived();
        if (received > 0 && lastSettled.numInvalidEntries() > rules.highInvalidShare() * received) {
          return 412;
        }
        long valid = lastReport.validRows();
        if (valid > 0 && lastReport.matchedRows() < rules.lowMatchShare() * valid) {
          return 411;
        }
      }
      return 200;
    }

    long contentTime() {
      return contentMillis / 1000;
    }
  }
}
