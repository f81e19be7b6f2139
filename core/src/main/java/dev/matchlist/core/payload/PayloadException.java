package dev.matchlist.core.payload;

import java.util.Objects;

/**
 * A payload the whole request must be refused for (as opposed to a bad row, which is only counted
 * and sampled in {@link ValidatedPayload}). The message says what is wrong and where, in words a
 * person can act on; it never carries a stack trace or parser internals.
 *
 * <p>The server maps every kind to Graph error code 100 ("Invalid parameter").
 */
public final class PayloadException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the payload as a whole. */
  public enum Kind {
    /** Not JSON at all; {@link #line()} and {@link #column()} say where it broke. */
    MALFORMED_JSON,
    /** The payload is JSON but not an object. */
    NOT_AN_OBJECT,
    /** No {@code schema} field. */
    MISSING_SCHEMA,
    /** {@code schema} is an empty array or an empty string. */
    EMPTY_SCHEMA,
    /** {@code schema} names a key the Marketing API does not know. */
    UNKNOWN_KEY,
    /** {@code schema} names the same key twice (aliases count: EMAIL and EMAIL_SHA256). */
    DUPLICATE_KEY,
    /** No {@code data} field, or an empty one. */
    MISSING_DATA,
    /** More rows than one request may carry. */
    TOO_MANY_ROWS,
    /** A row does not have one value per schema key. */
    ROW_LENGTH_MISMATCH,
    /** A field has the wrong JSON type, e.g. {@code data} is not an array. */
    WRONG_TYPE
  }

  private final Kind kind;
  private final int line;
  private final int column;

  PayloadException(Kind kind, String message) {
    this(kind, message, -1, -1);
  }

  PayloadException(Kind kind, String message, int line, int column) {
    super(Objects.requireNonNull(message), null, false, false);
    this.kind = Objects.requireNonNull(kind);
    this.line = line;
    this.column = column;
  }

  public Kind kind() {
    return kind;
  }

  /** 1-based line of a {@link Kind#MALFORMED_JSON} error, or -1 when not known or not JSON. */
  public int line() {
    return line;
  }

  /** 1-based column of a {@link Kind#MALFORMED_JSON} error, or -1 when not known. */
  public int column() {
    return column;
  }
}
