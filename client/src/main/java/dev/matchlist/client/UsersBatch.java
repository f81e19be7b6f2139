package dev.matchlist.client;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.payload.InvalidEntry;
import dev.matchlist.core.payload.PayloadException;
import dev.matchlist.core.payload.PayloadParser;
import dev.matchlist.core.payload.ValidatedPayload;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One request's worth of rows for the users edges, already in wire form: SHA-256 hex for hashed
 * keys, normalized clear values for EXTERN_ID, MADID and LOOKALIKE_VALUE, {@code ""} for an unknown
 * cell. Nothing is normalized or hashed here; {@link Uploader} does that for files.
 *
 * <p>{@link GraphClient} checks each batch it sends with the server's own validation ({@code
 * core}'s {@link PayloadParser}) over the very payload bytes it sends: a batch the server would
 * refuse whole (say a schema naming EMAIL twice) throws before anything is sent, while invalid
 * cells are sent, as Meta counts them in {@code num_invalid_entries}. {@link #preflight()} shows
 * them beforehand.
 *
 * @param schema the payload schema, one key per column
 * @param rows at most 10,000 rows, each as long as the schema
 * @param session the session this batch belongs to; empty lets the server make one up
 */
public record UsersBatch(List<SchemaKey> schema, List<String[]> rows, Optional<Session> session) {
  /** Rows per request that the Marketing API accepts. */
  public static final int MAX_ROWS = PayloadParser.MAX_ROWS;

  private static final PayloadParser PARSER = new PayloadParser();

  /**
   * What the server's validation says of a batch that it would take.
   *
   * @param rows rows in the batch
   * @param invalidEntries rows the server would count as invalid (each once, however many bad cells
   *     it has)
   * @param invalidSamples up to {@value PayloadParser#MAX_SAMPLES} of them: row index, key, value
   *     and why, as core reports them
   */
  public record Preflight(int rows, int invalidEntries, List<InvalidEntry> invalidSamples) {
    public Preflight {
      invalidSamples = List.copyOf(invalidSamples);
    }
  }

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

  /**
   * Validates the batch as the server will, without sending it.
   *
   * @throws IllegalArgumentException with core's message when the server would refuse the whole
   *     batch (duplicated or conflicting keys, no rows...)
   */
  public Preflight preflight() {
    return preflight(PayloadSyntax.JSON.payload(schema, rows));
  }

  /** {@link #preflight()} of this batch's payload as sent, {@code json}. */
  static Preflight preflight(byte[] json) {
    ValidatedPayload payload;
    try {
      payload = PARSER.parse(json);
    } catch (PayloadException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return new Preflight(
        payload.rowsReceived(), payload.invalidEntries(), payload.invalidSamples());
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
