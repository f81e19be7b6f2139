package dev.matchlist.client;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A failed Graph call: the {@code error} object of the response, or a failure that brought none (an
 * HTML error page, a body that is not JSON, an I/O error), mapped to the same shape with {@link
 * #code()} {@value #NO_GRAPH_CODE}. Whether it is worth retrying is {@link #kind()}.
 *
 * <p>{@link #getMessage()} carries every machine field, e.g. {@code (#80003) There have been too
 * many calls... [code 80003, subcode 2446079, OAuthException, HTTP 400, fbtrace_id AbC, regain in 5
 * min] POST /v21.0/123/users, attempt 3}, plus what to do for the common permanent errors.
 */
public final class GraphException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@link #code()} of failures that carried no Graph error object. */
  public static final int NO_GRAPH_CODE = -1;

  private final int code;
  private final @Nullable Integer errorSubcode;
  private final String type;
  private final String graphMessage;
  private final @Nullable String errorUserTitle;
  private final @Nullable String errorUserMsg;
  private final @Nullable String fbtraceId;
  private final boolean isTransient;
  private final int httpStatus;
  private final transient Usage usage;
  private final RetryClass kind;
  private final String request;
  private final int attempts;
  private final @Nullable String note;

  private GraphException(
      Fields f, String request, int attempts, @Nullable String note, @Nullable Throwable cause) {
    super(describe(f, request, attempts, note), cause);
    this.note = note;
    this.code = f.code;
    this.errorSubcode = f.errorSubcode;
    this.type = f.type;
    this.graphMessage = f.message;
    this.errorUserTitle = f.errorUserTitle;
    this.errorUserMsg = f.errorUserMsg;
    this.fbtraceId = f.fbtraceId;
    this.isTransient = f.isTransient;
    this.httpStatus = f.httpStatus;
    this.usage = f.usage;
    this.kind = f.kind;
    this.request = request;
    this.attempts = attempts;
  }

  /** The Graph error {@code code}, or {@value #NO_GRAPH_CODE} when the response had none. */
  public int code() {
    return code;
  }

  /** {@code error_subcode}, when sent. */
  public OptionalInt errorSubcode() {
    return errorSubcode == null ? OptionalInt.empty() : OptionalInt.of(errorSubcode);
  }

  /** {@code type}, e.g. {@code OAuthException}; {@code ""} when not sent. */
  public String type() {
    return type;
  }

  /** The Graph error's {@code message} as sent (without the fields {@link #getMessage} adds). */
  public String graphMessage() {
    return graphMessage;
  }

  /** {@code error_user_title}, when sent. */
  public Optional<String> errorUserTitle() {
    return Optional.ofNullable(errorUserTitle);
  }

  /** {@code error_user_msg}, when sent. */
  public Optional<String> errorUserMsg() {
    return Optional.ofNullable(errorUserMsg);
  }

  /** {@code fbtrace_id} (or the {@code x-fb-trace-id} header), for Meta support. */
  public Optional<String> fbtraceId() {
    return Optional.ofNullable(fbtraceId);
  }

  /** {@code is_transient} as sent; true for failures without a Graph error that are retried. */
  public boolean isTransient() {
    return isTransient;
  }

  /** The HTTP status, 0 when no response came (I/O error). */
  public int httpStatus() {
    return httpStatus;
  }

  /** The usage headers of the failed response ({@link Usage#NONE} without a response). */
  public Usage usage() {
    return usage;
  }

  /** Whether and how the failure is retried. */
  public RetryClass kind() {
    return kind;
  }

  /** Method and path of the call, e.g. {@code DELETE /v21.0/123/users}; no query, no token. */
  public String request() {
    return request;
  }

  /** How many attempts were made before this failure was thrown. */
  public int attempts() {
    return attempts;
  }

  /** The same failure, as thrown after {@code attempts} attempts, with why it was not retried. */
  GraphException afterAttempts(int attempts, @Nullable String note) {
    return new GraphException(fields(), request, attempts, note, getCause());
  }

  /** Why the failure was not retried further, when that is not obvious from its kind. */
  public Optional<String> note() {
    return Optional.ofNullable(note);
  }

  private Fields fields() {
    return new Fields(
        code,
        errorSubcode,
        type,
        graphMessage,
        errorUserTitle,
        errorUserMsg,
        fbtraceId,
        isTransient,
        httpStatus,
        usage,
        kind);
  }

  /** The parsed parts of a failure; {@link GraphErrors} builds them. */
  record Fields(
      int code,
      @Nullable Integer errorSubcode,
      String type,
      String message,
      @Nullable String errorUserTitle,
      @Nullable String errorUserMsg,
      @Nullable String fbtraceId,
      boolean isTransient,
      int httpStatus,
      Usage usage,
      RetryClass kind) {
    Fields {
      Objects.requireNonNull(type);
      Objects.requireNonNull(message);
      Objects.requireNonNull(usage);
      Objects.requireNonNull(kind);
    }
  }

  static GraphException of(Fields fields, String request, @Nullable Throwable cause) {
    return new GraphException(fields, request, 1, null, cause);
  }

  private static String describe(Fields f, String request, int attempts, @Nullable String note) {
    StringBuilder s = new StringBuilder(f.message.isEmpty() ? "Graph call failed" : f.message);
    s.append(" [");
    if (f.code != NO_GRAPH_CODE) {
      s.append("code ").append(f.code);
      if (f.errorSubcode != null) {
        s.append(", subcode ").append(f.errorSubcode);
      }
      s.append(", ");
    }
    if (!f.type.isEmpty()) {
      s.append(f.type).append(", ");
    }
    s.append(f.httpStatus == 0 ? "no response" : "HTTP " + f.httpStatus);
    if (f.fbtraceId != null) {
      s.append(", fbtrace_id ").append(f.fbtraceId);
    }
    f.usage
        .regainAccessIn()
        .ifPresent(d -> s.append(", regain access in ").append(d.toMinutes()).append(" min"));
    s.append("] ").append(request);
    s.append(attempts == 1 ? ", 1 attempt" : ", " + attempts + " attempts");
    if (f.errorUserTitle != null || f.errorUserMsg != null) {
      s.append(". ")
          .append(f.errorUserTitle == null ? "" : f.errorUserTitle)
          .append(f.errorUserTitle != null && f.errorUserMsg != null ? ": " : "")
          .append(f.errorUserMsg == null ? "" : f.errorUserMsg);
    }
    if (note != null) {
      s.append(". ").append(note);
    }
    String advice = advice(f.code);
    if (!advice.isEmpty()) {
      s.append(". ").append(advice);
    }
    return s.toString();
  }

  /** What a person should change for the common permanent errors. */
  private static String advice(int code) {
    switch (code) {
      case 190:
        return "The access token is invalid or expired: get a new one.";
      case 200:
        return "The token lacks a permission (ads_management) or access to this ad account.";
      case 2650:
        return "Meta refused to update the audience: see the subcode (a replace in progress,"
            + " a timed-out or finished session, or a data source that does not match the"
            + " audience's first upload).";
      default:
        return "";
    }
  }
}
