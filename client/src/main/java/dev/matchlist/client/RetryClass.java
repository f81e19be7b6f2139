package dev.matchlist.client;

/**
 * What a failed call should do next. The class is decided from the Graph error code and the HTTP
 * status (see {@code docs/sdk.md} for the table), never from the message text.
 */
public enum RetryClass {
  /**
   * Rate limited (codes 4, 17, 32, 613, 80000–80014, HTTP 429): wait as long as the server's {@code
   * estimated_time_to_regain_access} says, else back off exponentially, then go on.
   */
  WAIT_FOR_REGAIN,
  /**
   * Transient (codes 1 and 2, {@code is_transient}, HTTP 5xx, HTML pages, I/O errors): retry with
   * capped exponential backoff.
   */
  BACKOFF,
  /** Permanent (100, 190, 200, 2650 and everything else): retrying cannot help. */
  STOP
}
