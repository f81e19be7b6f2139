package dev.matchlist.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns failed responses into {@link GraphException}s and decides their {@link RetryClass}: the one
 * place that knows which Graph codes are rate limits, which are transient and which are final.
 */
final class GraphErrors {
  /** Throttling: app (4), user (17), page (32), custom (613), business use cases (80000–80014). */
  private static final Set<Integer> RATE_LIMIT_CODES = Set.of(4, 17, 32, 613);

  /** Unknown (1) and service (2) errors: Meta's "try again later". */
  private static final Set<Integer> TRANSIENT_CODES = Set.of(1, 2);

  /**
   * Errors that retrying cannot fix even when a 5xx status or {@code is_transient} says otherwise:
   * parameters (100, 105, 194), tokens (102, 104, 190), permissions (10, 200, 294), policy (368),
   * versions (2635), audience updates (2650, 2654, 2656).
   */
  private static final Set<Integer> PERMANENT_CODES =
      Set.of(10, 100, 102, 104, 105, 190, 194, 200, 294, 368, 2635, 2650, 2654, 2656);

  private static final int BODY_EXCERPT = 120;

  private GraphErrors() {}

  static RetryClass classify(int code, int httpStatus, boolean isTransient) {
    if (httpStatus == 429 || RATE_LIMIT_CODES.contains(code) || (code >= 80000 && code <= 80014)) {
      return RetryClass.WAIT_FOR_REGAIN;
    }
    if (TRANSIENT_CODES.contains(code)) {
      return RetryClass.BACKOFF;
    }
    if (PERMANENT_CODES.contains(code)) {
      return RetryClass.STOP;
    }
    if (code == GraphException.NO_GRAPH_CODE) {
      boolean noAnswer = httpStatus == 0;
      boolean serverSide = httpStatus >= 500 || httpStatus == 408;
      boolean okButUnreadable = httpStatus >= 200 && httpStatus < 300;
      return noAnswer || serverSide || okButUnreadable ? RetryClass.BACKOFF : RetryClass.STOP;
    }
    return httpStatus >= 500 || isTransient ? RetryClass.BACKOFF : RetryClass.STOP;
  }

  /** The Graph error in {@code error}, the object under a response's {@code "error"} key. */
  static GraphException fromErrorObject(
      JsonNode error, int httpStatus, Usage usage, @Nullable String traceHeader, String request) {
    int code = error.path("code").asInt(GraphException.NO_GRAPH_CODE);
    JsonNode subcode = error.get("error_subcode");
    boolean isTransient = error.path("is_transient").asBoolean(false);
    String fbtrace = text(error, "fbtrace_id");
    return GraphException.of(
        new GraphException.Fields(
            code,
            subcode != null && subcode.canConvertToInt() ? subcode.asInt() : null,
            error.path("type").asText(""),
            error.path("message").asText(""),
            text(error, "error_user_title"),
            text(error, "error_user_msg"),
            fbtrace != null ? fbtrace : traceHeader,
            isTransient,
            httpStatus,
            usage,
            classify(code, httpStatus, isTransient)),
        request,
        null);
  }

  /** A response without a Graph error object: an HTML page, an empty or unreadable body. */
  static GraphException withoutErrorObject(
      int httpStatus,
      @Nullable String contentType,
      byte[] body,
      Usage usage,
      @Nullable String traceHeader,
      String request,
      @Nullable Throwable cause) {
    String kind =
        contentType != null && contentType.toLowerCase(Locale.ROOT).contains("html")
            ? "an HTML page"
            : body.length == 0 ? "an empty body" : "a body that is not a Graph answer";
    String message = "HTTP " + httpStatus + " with " + kind + excerpt(body);
    if (httpStatus == 413 || httpStatus == 414) {
      message += " (the request is too large: lower the batch size)";
    }
    RetryClass retry = classify(GraphException.NO_GRAPH_CODE, httpStatus, false);
    return GraphException.of(
        new GraphException.Fields(
            GraphException.NO_GRAPH_CODE,
            null,
            "",
            message,
            null,
            null,
            traceHeader,
            retry != RetryClass.STOP,
            httpStatus,
            usage,
            retry),
        request,
        cause);
  }

  /** No response at all: connection refused or reset, timeout. */
  static GraphException ioFailure(IOException e, String request) {
    String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return GraphException.of(
        new GraphException.Fields(
            GraphException.NO_GRAPH_CODE,
            null,
            "",
            "I/O error: " + what,
            null,
            null,
            null,
            true,
            0,
            Usage.NONE,
            RetryClass.BACKOFF),
        request,
        e);
  }

  /** A failure of our own making that retrying cannot fix, e.g. an interrupt. */
  static GraphException stop(String message, String request, @Nullable Throwable cause) {
    return GraphException.of(
        new GraphException.Fields(
            GraphException.NO_GRAPH_CODE,
            null,
            "",
            message,
            null,
            null,
            null,
            false,
            0,
            Usage.NONE,
            RetryClass.STOP),
        request,
        cause);
  }

  /** The start of a non-JSON body, one line, for the message: enough to recognize the page. */
  private static String excerpt(byte[] body) {
    if (body.length == 0) {
      return "";
    }
    String text =
        new String(
                body,
                0,
                Math.min(body.length, 4 * BODY_EXCERPT),
                java.nio.charset.StandardCharsets.UTF_8)
            .replaceAll("\\s+", " ")
            .strip();
    if (text.length() > BODY_EXCERPT) {
      text = text.substring(0, BODY_EXCERPT) + "...";
    }
    return ": " + text;
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
