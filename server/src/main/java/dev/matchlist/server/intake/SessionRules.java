package dev.matchlist.server.intake;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Decides what one upload batch does to its session: join it, repeat an earlier answer (the same
 * batch sent again), or be refused — Meta's session rules (spec §1.4, §3.6) as one pure function,
 * so they can be tested without a server or a store.
 *
 * <p>While a replace session of the audience is open, add and remove batches are refused with
 * 1870145 like a second replace (a re-sent batch still gets its first answer).
 *
 * <p>Choices where Meta's documentation is silent: the closing rules (last batch, 90 minutes) apply
 * to add and remove sessions as well as to replace; a re-sent batch_seq is answered as the first
 * time even after the session closed, so a client that lost the answer to its last batch can safely
 * retry it; batches without batch_seq are never treated as re-sends.
 */
public final class SessionRules {
  /** Meta closes a session 90 minutes after its first batch. */
  public static final Duration WINDOW = Duration.ofMinutes(90);

  private SessionRules() {}

  /** The outcome for one batch. */
  public sealed interface Decision {}

  /** The batch joins the session; store it and {@code next} together, then answer from next. */
  public record Accept(SessionState next) implements Decision {}

  /** The batch was already accepted: answer with {@code numReceived} again, store nothing. */
  public record Repeat(SessionState session, long numReceived) implements Decision {}

  /** The batch is refused; nothing changes. */
  public record Refuse(SessionRejection why, String detail) implements Decision {}

  /**
   * @param current the stored session with this id in this ad account, if any
   * @param openReplace the audience's replace session that is still open, if any
   * @param newSessionId the id to give a session the client did not name
   */
  public static Decision decide(
      String audienceId,
      Operation operation,
      BatchHeader header,
      Optional<SessionState> current,
      Optional<SessionState> openReplace,
      int rows,
      int invalid,
      long now,
      long newSessionId) {
    if (operation == Operation.REPLACE
        && (header.sessionId() == null || header.batchSeq() == null)) {
      return new Refuse(
          SessionRejection.SESSION_REQUIRED,
          "usersreplace needs a session with session_id and batch_seq (1 for the first batch)");
    }
    if (current.isEmpty()) {
      return start(audienceId, operation, header, openReplace, rows, invalid, now, newSessionId);
    }
    SessionState session = current.get();
    if (!session.audienceId().equals(audienceId) || session.operation() != operation) {
      return new Refuse(
          SessionRejection.SESSION_MISMATCH,
          "session_id "
              + session.sessionId()
              + " belongs to a "
              + session.operation().name().toLowerCase(java.util.Locale.ROOT)
              + " session of audience "
              + session.audienceId()
              + "; use a new session_id for this upload");
    }
    @Nullable Long answered =
        header.batchSeq() == null ? null : session.answeredBatches().get(header.batchSeq());
    if (answered != null) {
      return new Repeat(session, answered);
    }
    if (session.isClosed()) {
      return session.timedOut() ? timedOut(session) : finished(session);
    }
    if (now - session.startedAtMillis() >= WINDOW.toMillis()) {
      return timedOut(session);
    }
    if (operation != Operation.REPLACE && openReplace.isPresent()) {
      return replaceInProgress(openReplace.get(), operation);
    }
    return new Accept(session.withBatch(header, rows, invalid, now));
  }

  /** Closes a session whose window is over; the matcher calls this for sessions left open. */
  public static Optional<SessionState> expire(SessionState session, long now) {
    boolean expired = !session.isClosed() && now - session.startedAtMillis() >= WINDOW.toMillis();
    return expired
        ? Optional.of(session.timedOutAt(session.startedAtMillis() + WINDOW.toMillis()))
        : Optional.empty();
  }

  private static Decision start(
      String audienceId,
      Operation operation,
      BatchHeader header,
      Optional<SessionState> openReplace,
      int rows,
      int invalid,
      long now,
      long newSessionId) {
    if (operation == Operation.REPLACE && header.batchSeq() != 1) {
      return new Refuse(
          SessionRejection.FIRST_BATCH_MISSING,
          "replace session "
              + header.sessionId()
              + " has not received batch_seq 1; start every replace session with batch_seq 1");
    }
    if (openReplace.isPresent()) {
      return replaceInProgress(openReplace.get(), operation);
    }
    long sessionId = header.sessionId() != null ? header.sessionId() : newSessionId;
    SessionState empty =
        new SessionState(
            audienceId,
            sessionId,
            operation,
            now,
            now,
            0,
            0,
            header.estimatedNumTotal(),
            java.util.Map.of(),
            0,
            false);
    // A request without a session is a session of one batch.
    BatchHeader effective =
        header.sessionId() != null
            ? header
            : new BatchHeader(sessionId, null, true, header.estimatedNumTotal());
    return new Accept(empty.withBatch(effective, rows, invalid, now));
  }

  /**
   * One replace at a time, and adds and removes wait while it is open (spec §3.6: "don't use /users
   * meanwhile"): the swap at its end would silently drop them.
   */
  private static Refuse replaceInProgress(SessionState replace, Operation refused) {
    return new Refuse(
        SessionRejection.REPLACE_IN_PROGRESS,
        "replace session "
            + replace.sessionId()
            + " of this audience is still open; "
            + (refused == Operation.REPLACE
                ? "finish it (last_batch_flag) or wait for it to time out before starting another"
                : "add or remove users after it finishes (last_batch_flag) or times out, or send"
                    + " these rows in the replace session"));
  }

  private static Refuse timedOut(SessionState session) {
    return new Refuse(
        SessionRejection.TIMED_OUT,
        "session "
            + session.sessionId()
            + " timed out 90 minutes after its first batch; batches after that are discarded —"
            + " start a new session");
  }

  private static Refuse finished(SessionState session) {
    return new Refuse(
        SessionRejection.FINISHED,
        "session "
            + session.sessionId()
            + " already received its last batch (last_batch_flag); start a new session to upload"
            + " more");
  }
}
