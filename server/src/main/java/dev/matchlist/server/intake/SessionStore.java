package dev.matchlist.server.intake;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where upload sessions and their accepted batches are kept. A batch and the session state it
 * produced are stored together, atomically and durably: after a crash either both are there or
 * neither, so a re-sent batch is recognized exactly when it was stored.
 *
 * <p>Callers serialize decisions per session (read, decide, {@link #accept}); the store does not
 * lock.
 */
public interface SessionStore {
  /** The session with this id in this ad account (session ids are unique per ad account). */
  Optional<SessionState> session(String adAccountId, long sessionId);

  /** The audience's replace session that has not closed yet, if any. */
  Optional<SessionState> openReplaceSession(String audienceId);

  /**
   * Hands the audience's sessions to {@code visitor}, newest first, until it returns false: a
   * reader that needs only the recent ones reads no more than those.
   */
  void visitSessions(String audienceId, Predicate<SessionState> visitor);

  /**
   * Stores {@code next} and appends {@code batch} (its bytes from position to limit; a direct
   * buffer goes to the store without a copy on the heap) to the intake log, in one synced write.
   *
   * @return the batch's intake-log position
   */
  long accept(String adAccountId, SessionState next, ByteBuffer batch);

  /** Stores a session state change that brings no batch (a session closed by its window). */
  void update(String adAccountId, SessionState next);
}
