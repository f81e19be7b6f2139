package dev.matchlist.client;

import dev.matchlist.core.SchemaKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One request's worth of rows for the users edges, already in wire form: SHA-256 hex for hashed
 * keys, normalized clear values for EXTERN_ID, MADID and LOOKALIKE_VALUE, {@code ""} for an unknown
 * cell. Nothing is normalized or hashed here; {@link Uploader} does that for files.
 *
 * @param schema the payload schema, one key per column
 * @param rows at most 10,000 rows, each as long as the schema
 * @param session the session this batch belongs to; empty lets the server make one up
 */
public record UsersBatch(List<SchemaKey> schema, List<String[]> rows, Optional<Session> session) {
  /** Rows per request that the Marketing API accepts. */
  public static final int MAX_ROWS = 10_000;

  public UsersBatch {
    schema = List.copyOf(schema);
    rows = List.copyOf(rows);
    Objects.requireNonNull(session, "session");
    if (schema.isEmpty()) {
      throw new IllegalArgumentException("the schema needs at least one key");
    }
    if (rows.size() > MAX_ROWS) {
      throw new IllegalArgumentException(
          rows.size() + " rows; a request takes at most " + MAX_ROWS);
    }
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).length != schema.size()) {
        throw new IllegalArgumentException(
            "row " + i + " has " + rows.get(i).length + " cells, the schema " + schema.size());
      }
    }
  }

  /** A batch without a session. */
  public static UsersBatch of(List<SchemaKey> schema, List<String[]> rows) {
    return new UsersBatch(schema, rows, Optional.empty());
  }

  /** A batch in {@code session}. */
  public static UsersBatch of(List<SchemaKey> schema, List<String[]> rows, Session session) {
    return new UsersBatch(schema, rows, Optional.of(session));
  }
}
