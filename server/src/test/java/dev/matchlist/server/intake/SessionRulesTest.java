package dev.matchlist.server.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionRulesTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final long MINUTE = 60_000L;

  private static SessionRules.Decision add(
      BatchHeader header, Optional<SessionState> current, int rows, long now) {
    return SessionRules.decide(
        "A1", Operation.ADD, header, current, Optional.empty(), rows, 0, now, 999L);
  }

  private static SessionState accepted(SessionRules.Decision decision) {
    assertThat(decision).isInstanceOf(SessionRules.Accept.class);
    return ((SessionRules.Accept) decision).next();
  }

  private static BatchHeader batch(long session, int seq, boolean last) {
    return new BatchHeader(session, seq, last, null);
  }

  @Test
  void numReceivedIsCumulativeOverTheSession() {
    SessionState s = accepted(add(batch(7, 1, false), Optional.empty(), 100, T0));
    s = accepted(add(batch(7, 2, false), Optional.of(s), 50, T0 + MINUTE));

    assertThat(s.numReceived()).isEqualTo(150);
    assertThat(s.sessionId()).isEqualTo(7);
    assertThat(s.isClosed()).isFalse();
  }

  @Test
  void aRequestWithoutSessionGetsAOneBatchSessionWithTheServersId() {
    SessionState s = accepted(add(BatchHeader.none(), Optional.empty(), 10, T0));

    assertThat(s.sessionId()).isEqualTo(999L);
    assertThat(s.isClosed()).isTrue();
    assertThat(s.numReceived()).isEqualTo(10);
  }

  @Test
  void aResentBatchIsAnsweredAsTheFirstTimeAndStoredOnce() {
    SessionState s = accepted(add(batch(7, 1, false), Optional.empty(), 100, T0));
    s = accepted(add(batch(7, 2, false), Optional.of(s), 50, T0));

    SessionRules.Decision again = add(batch(7, 1, false), Optional.of(s), 100, T0 + MINUTE);

    assertThat(again).isEqualTo(new SessionRules.Repeat(s, 100));
  }

  @Test
  void theLastBatchCanBeResentAfterTheSessionClosed() {
    SessionState s = accepted(add(batch(7, 1, true), Optional.empty(), 100, T0));

    assertThat(add(batch(7, 1, true), Optional.of(s), 100, T0))
        .isInstanceOf(SessionRules.Repeat.class);
  }

  @Test
  void batchesWithoutBatchSeqAreNeverTreatedAsResends() {
    SessionState s =
        accepted(add(new BatchHeader(7L, null, false, null), Optional.empty(), 10, T0));
    s = accepted(add(new BatchHeader(7L, null, false, null), Optional.of(s), 10, T0));
    assertThat(s.numReceived()).isEqualTo(20);
  }

  @Test
  void afterTheLastBatchNewBatchesAreRefusedAsFinished() {
    SessionState s = accepted(add(batch(7, 1, true), Optional.empty(), 100, T0));

    SessionRules.Decision late = add(batch(7, 2, false), Optional.of(s), 1, T0);

    assertThat(late)
        .isInstanceOfSatisfying(
            SessionRules.Refuse.class,
            r -> {
              assertThat(r.why()).isEqualTo(SessionRejection.FINISHED);
              assertThat(r.why().subcode()).isEqualTo(1870159);
              assertThat(r.detail()).contains("session 7").contains("last_batch_flag");
            });
  }

  @Test
  void ninetyMinutesAfterTheFirstBatchTheSessionTimesOut() {
    SessionState s = accepted(add(batch(7, 1, false), Optional.empty(), 100, T0));

    assertThat(add(batch(7, 2, false), Optional.of(s), 1, T0 + 89 * MINUTE))
        .isInstanceOf(SessionRules.Accept.class);
    SessionRules.Decision late = add(batch(7, 2, false), Optional.of(s), 1, T0 + 90 * MINUTE);
    assertThat(late)
        .isInstanceOfSatisfying(
            SessionRules.Refuse.class, r -> assertThat(r.why().subcode()).isEqualTo(1870158));
  }

  @Test
  void expiringClosesAnOpenSessionAtTheEndOfItsWindowOnlyOnce() {
    SessionState s = accepted(add(batch(7, 1, false), Optional.empty(), 100, T0));

    assertThat(SessionRules.expire(s, T0 + 10 * MINUTE)).isEmpty();
    SessionState expired = SessionRules.expire(s, T0 + 200 * MINUTE).orElseThrow();
    assertThat(expired.timedOut()).isTrue();
    assertThat(expired.closedAtMillis()).isEqualTo(T0 + 90 * MINUTE);
    assertThat(SessionRules.expire(expired, T0 + 300 * MINUTE)).isEmpty();
    assertThat(add(batch(7, 2, false), Optional.of(expired), 1, T0))
        .isInstanceOfSatisfying(
            SessionRules.Refuse.class,
            r -> assertThat(r.why()).isEqualTo(SessionRejection.TIMED_OUT));
  }

  @Test
  void aSessionIdCannotSwitchOperationOrAudience() {
    SessionState s = accepted(add(batch(7, 1, false), Optional.empty(), 100, T0));

    SessionRules.Decision remove =
        SessionRules.decide(
            "A1",
            Operation.REMOVE,
            batch(7, 2, false),
            Optional.of(s),
            Optional.empty(),
            1,
            0,
            T0,
            1);
    SessionRules.Decision otherAudience =
        SessionRules.decide(
            "A2", Operation.ADD, batch(7, 2, false), Optional.of(s), Optional.empty(), 1, 0, T0, 1);

    assertThat(remove)
        .isInstanceOfSatisfying(
            SessionRules.Refuse.class,
            r -> {
              assertThat(r.why()).isEqualTo(SessionRejection.SESSION_MISMATCH);
              assertThat(r.detail()).contains("add session of audience A1");
            });
    assertThat(otherAudience).isInstanceOf(SessionRules.Refuse.class);
  }

  @Test
  void replaceNeedsASessionStartingWithBatchOne() {
    SessionRules.Decision noSession =
        SessionRules.decide(
            "A1",
            Operation.REPLACE,
            BatchHeader.none(),
            Optional.empty(),
            Optional.empty(),
            1,
            0,
            T0,
            1);
    SessionRules.Decision secondFirst =
        SessionRules.decide(
            "A1",
            Operation.REPLACE,
            batch(8, 2, false),
            Optional.empty(),
            Optional.empty(),
            1,
            0,
            T0,
            1);

    assertThat(noSession)
        .isInstanceOfSatisfying(
            SessionRules.Refuse.class,
            r -> assertThat(r.why()).isEqualTo(SessionRejection.SESSION_REQUIRED));
    assertThat(secondFirst)
        .isInstanceOfSatisfying(
            SessionRules.Refuse.class, r -> assertThat(r.why().subcode()).isEqualTo(1870147));
  }

  @Test
  void onlyOneReplaceAtATimePerAudience() {
    SessionState open =
        accepted(
            SessionRules.decide(
                "A1",
                Operation.REPLACE,
                batch(8, 1, false),
                Optional.empty(),
                Optional.empty(),
                5,
                0,
                T0,
                1));

    SessionRules.Decision another =
        SessionRules.decide(
            "A1",
            Operation.REPLACE,
            batch(9, 1, false),
            Optional.empty(),
            Optional.of(open),
            5,
            0,
            T0,
            1);

    assertThat(another)
        .isInstanceOfSatisfying(
            SessionRules.Refuse.class,
            r -> {
              assertThat(r.why().subcode()).isEqualTo(1870145);
              assertThat(r.detail()).contains("replace session 8");
            });
  }

  @Test
  void addsAndRemovesWaitForAnOpenReplaceButAReSentBatchIsStillRepeated() {
    SessionState replace = accepted(decideAtT0(Operation.REPLACE, batch(8, 1, false), null, null));
    SessionState add = accepted(decideAtT0(Operation.ADD, batch(3, 1, false), null, null));

    for (Operation operation : List.of(Operation.ADD, Operation.REMOVE)) {
      assertThat(decideAtT0(operation, batch(9, 1, false), null, replace))
          .isInstanceOfSatisfying(
              SessionRules.Refuse.class,
              r -> assertThat(r.why()).isEqualTo(SessionRejection.REPLACE_IN_PROGRESS));
    }
    assertThat(decideAtT0(Operation.ADD, batch(3, 2, false), add, replace))
        .isInstanceOf(SessionRules.Refuse.class);
    assertThat(decideAtT0(Operation.ADD, batch(3, 1, false), add, replace))
        .isInstanceOf(SessionRules.Repeat.class);
  }

  /** A 5-row batch of audience A1 at T0. */
  private static SessionRules.Decision decideAtT0(
      Operation operation, BatchHeader header, SessionState current, SessionState openReplace) {
    return SessionRules.decide(
        "A1",
        operation,
        header,
        Optional.ofNullable(current),
        Optional.ofNullable(openReplace),
        5,
        0,
        T0,
        1);
  }

  @Test
  void invalidEntriesAndTheEstimateAreKept() {
    SessionState s =
        accepted(
            SessionRules.decide(
                "A1",
                Operation.ADD,
                new BatchHeader(7L, 1, false, 5000L),
                Optional.empty(),
                Optional.empty(),
                100,
                3,
                T0,
                1));
    s =
        accepted(
            SessionRules.decide(
                "A1",
                Operation.ADD,
                batch(7, 2, false),
                Optional.of(s),
                Optional.empty(),
                100,
                2,
                T0,
                1));

    assertThat(s.numInvalidEntries()).isEqualTo(5);
    assertThat(s.estimatedNumTotal()).isEqualTo(5000L);
  }
}
