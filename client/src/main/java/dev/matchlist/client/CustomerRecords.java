package dev.matchlist.client;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.columns.ColumnMapping;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where an {@link Uploader} reads customer rows from: a CSV file, an iterator of raw values, or an
 * iterator of rows hashed already. Closing it closes the file.
 *
 * <pre>{@code
 * CustomerRecords.csv(Path.of("customers.csv"));                 // headers matched to keys
 * CustomerRecords.of(List.of(SchemaKey.EMAIL, SchemaKey.PHONE),  // raw values, normalized
 *     rows.iterator());                                          // and hashed by the uploader
 * CustomerRecords.hashed(List.of(SchemaKey.EMAIL), hexRows);     // sent as they are
 * }</pre>
 *
 * <p>Raw values are normalized and hashed the way {@code matchlist hash} does it: a value that is a
 * SHA-256 hex already passes through (never hashed twice), the row's COUNTRY sets the phone region,
 * a blank cell is sent empty, a rejected cell is sent empty and reported, and a row left without
 * any valid identifier is not sent.
 *
 * <p>Read once: an upload consumes it.
 */
public sealed interface CustomerRecords extends AutoCloseable
    permits CsvCustomerRecords, IteratorCustomerRecords {

  /**
   * A CSV file with a header row, whose columns are read as {@code mapping} says. Rows whose field
   * count differs from the header's are reported and skipped. The text is decoded strictly ({@link
   * CustomerText}: UTF-8, or UTF-16 with its byte-order mark): bytes that are not text fail the
   * read with an {@link java.io.UncheckedIOException} where they come; {@link CustomerText#check}
   * refuses such a file before an upload starts.
   *
   * @param mapping made from this file's header, e.g. {@code ColumnMapping.of(header, overrides)}
   */
  static CustomerRecords csv(Path file, ColumnMapping mapping) {
    return CsvCustomerRecords.open(file, mapping);
  }

  /**
   * A CSV file whose header names are matched to schema keys ({@code email}, {@code phone_number},
   * {@code first_name}, {@code dob}, ...; see {@link ColumnMapping}).
   *
   * @throws IllegalArgumentException when no column names a schema key
   * @throws java.io.UncheckedIOException when the file cannot be read
   */
  static CustomerRecords csv(Path file) {
    return CsvCustomerRecords.open(file, null);
  }

  /** Rows of raw values, one per key of {@code schema}, to be normalized and hashed. */
  static CustomerRecords of(List<SchemaKey> schema, Iterator<List<String>> rawRows) {
    return new IteratorCustomerRecords(schema, rawRows, false);
  }

  /**
   * Rows in wire form already: hashed keys as 64-character SHA-256 hex (any case), clear keys
   * normalized. A hashed cell that is not 64 hex characters is rejected, not hashed.
   */
  static CustomerRecords hashed(List<SchemaKey> schema, Iterator<List<String>> wireRows) {
    return new IteratorCustomerRecords(schema, wireRows, true);
  }

  /** The payload schema the rows are sent with. */
  List<SchemaKey> schema();

  /** About how many rows there are, when known: sent as {@code estimated_num_total}. */
  OptionalLong estimatedRows();

  /** Closes the file, if any; never throws a checked exception. */
  @Override
  void close();
}
