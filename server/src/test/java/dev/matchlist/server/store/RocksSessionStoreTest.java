package dev.matchlist.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.server.intake.BatchHeader;
import dev.matchlist.server.intake.Operation;
import dev.matchlist.server.intake.SessionRules;
import dev.matchlist.server.intake.SessionState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksSessionStoreTest {
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;

  private static SessionState started(
      String audience, long id, Operation op, long at, boolean last) {
    SessionRules.Decision d =
        SessionRules.decide(
            audience,
            op,
            new BatchHeader(id, 1, last, null),
            Optional.empty(),
            Optional.empty(),
            10,
            1,
            at,
            0);
    return ((SessionRules.Accept) d).next();
  }

  @Test
  void aDirectBufferIsStoredFromItsPositionToItsLimit() {
    // how the upload workers hand batches over: a reused direct buffer, positioned
    ByteBuffer reused = ByteBuffer.allocateDirect(64);
    reused.put("old-bytes-before|batch|after".getBytes(StandardCharsets.UTF_8));
    reused.position(17).limit(22);
    try (RocksStore store = RocksStore.open(dir)) {
      RocksIntakeLog log = new RocksIntakeLog(store);
      new RocksSessionStore(store, log)
          .accept("acct", started("A1", 8, Operation.ADD, T0, false), reused);

      assertThat(log.readAfter(0, 10))
          .singleElement()
          .satisfies(
              e -> assertThat(new String(e.bytes(), StandardCharsets.UTF_8)).isEqualTo("batch"));
    }
  }

  @Test
  void anAcceptedBatchAndItsSessionAreStoredTogetherAndSurviveReopening() {
    SessionState state = started("A1", 7, Operation.ADD, T0, false);
    long position;
    try (RocksStore store = RocksStore.open(dir)) {
      RocksIntakeLog log = new RocksIntakeLog(store);
      position =
          new RocksSessionStore(store, log)
              .accept("acct", state, ByteBuffer.wrap("batch".getBytes(StandardCharsets.UTF_8)));
    }
    try (RocksStore store = RocksStore.open(dir)) {
      RocksIntakeLog log = new RocksIntakeLog(store);
      RocksSessionStore sessions = new RocksSessionStore(store, log);

      assertThat(sessions.session("acct", 7)).contains(state);
      assertThat(log.readAfter(0, 10))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.position()).isEqualTo(position);
                assertThat(new String(e.bytes(), StandardCharsets.UTF_8)).isEqualTo("batch");
              });
    }
  }

  @Test
  void sessionIdsAreScopedToTheAdAccount() {
    try (RocksStore store = RocksStore.open(dir)) {
      RocksSessionStore sessions = new RocksSessionStore(store, new RocksIntakeLog(store));
      sessions.accept("acct", started("A1", 7, Operation.ADD, T0, false), ByteBuffer.allocate(0));

      assertThat(sessions.session("other", 7)).isEmpty();
      assertThat(sessions.session("acct", 8)).isEmpty();
    }
  }

  @Test
  void anAudiencesSessionsAreListedNewestFirst() {
    try (RocksStore store = RocksStore.open(dir)) {
      RocksSessionStore sessions = new RocksSessionStore(store, new RocksIntakeLog(store));
      sessions.accept("acct", started("A1", 1, Operation.ADD, T0, true), ByteBuffer.allocate(0));
      sessions.accept(
          "acct", started("A1", 2, Operation.REMOVE, T0 + 1000, true), ByteBuffer.allocate(0));
      sessions.accept(
          "acct", started("A2", 3, Operation.ADD, T0 + 2000, true), ByteBuffer.allocate(0));

      List<SessionState> listed = new ArrayList<>();
      sessions.visitSessions("A1", listed::add);

      assertThat(listed).extracting(SessionState::sessionId).containsExactly(2L, 1L);
    }
  }

  @Test
  void aVisitorReadsNewestFirstAndNoFurtherThanItAsks() {
    try (RocksStore store = RocksStore.open(dir)) {
      RocksSessionStore sessions = new RocksSessionStore(store, new RocksIntakeLog(store));
      for (long id = 1; id <= 5; id++) {
        sessions.accept(
            "acct", started("A1", id, Operation.ADD, T0 + id * 1000, true), ByteBuffer.allocate(0));
      }
      List<Long> visited = new ArrayList<>();

      sessions.visitSessions(
          "A1",
          session -> {
            visited.add(session.sessionId());
            return visited.size() < 2;
          });

      assertThat(visited).containsExactly(5L, 4L);
    }
  }

  @Test
  void theOpenReplaceSessionIsTrackedUntilItCloses() {
    try (RocksStore store = RocksStore.open(dir)) {
      RocksSessionStore sessions = new RocksSessionStore(store, new RocksIntakeLog(store));
      SessionState open = started("A1", 9, Operation.REPLACE, T0, false);
      sessions.accept("acct", open, ByteBuffer.allocate(0));
      assertThat(sessions.openReplaceSession("A1")).contains(open);

      SessionState closed =
          SessionRules.expire(open, T0 + SessionRules.WINDOW.toMillis()).orElseThrow();
      sessions.update("acct", closed);

      assertThat(sessions.openReplaceSession("A1")).isEmpty();
      assertThat(sessions.session("acct", 9)).contains(closed);
    }
  }
}
