package dev.matchlist.server.faults;

import java.time.Duration;

/** What an injected fault makes the answer be. */
public sealed interface Fault {
  /** Answer with this Graph error. */
  record GraphError(
      int code,
      int errorSubcode,
      String message,
      String type,
      int httpStatus,
      boolean isTransient,
      int regainAccessMinutes)
      implements Fault {}

  /** Answer with an HTML error page, as a proxy in front of Graph sometimes does. */
  record HtmlPage(int httpStatus, String body) implements Fault {}

  /** Answer normally, after waiting. */
  record Delay(Duration delay) implements Fault {}
}
