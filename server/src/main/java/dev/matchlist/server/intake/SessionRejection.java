package dev.matchlist.server.intake;

/**
 * Why a batch may not join its session. The graph layer turns each into Meta's error: code 2650
 * with the subcode below, or 100 where Meta has no specific answer.
 */
public enum SessionRejection {
  /** Another replace session of this audience is still open (2650 / 1870145). */
  REPLACE_IN_PROGRESS(2650, 1870145),
  /** The session's 90-minute window is over (2650 / 1870158). */
  TIMED_OUT(2650, 1870158),
  /** A replace session must start with batch_seq 1 (2650 / 1870147). */
  FIRST_BATCH_MISSING(2650, 1870147),
  /** The session already took its last batch (2650 / 1870159). */
  FINISHED(2650, 1870159),
  /** Replace is for audiences under 100 million people (2650 / 1870144). */
  AUDIENCE_TOO_LARGE(2650, 1870144),
  /** The session id is in use for another operation or audience (100). */
  SESSION_MISMATCH(100, 0),
  /** usersreplace needs a session with session_id and batch_seq (100). */
  SESSION_REQUIRED(100, 0);

  private final int code;
  private final int subcode;

  SessionRejection(int code, int subcode) {
    this.code = code;
    this.subcode = subcode;
  }

  public int code() {
    return code;
  }

  /** The Graph error_subcode, or 0 for none. */
  public int subcode() {
    return subcode;
  }
}
