package dev.matchlist.client;

import dev.matchlist.core.SchemaKey;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the {@link Uploader} needs of a {@link CustomerRecords}: its rows in chunks and where each
 * key's cells are. Implemented by the records classes; not thread-safe (the uploading thread
 * reads).
 */
interface RowSource {
  List<SchemaKey> schema();

  /** For each schema key, the source column its cells come from. */
  int[] columns();

  /** For each schema key, the column's name for reports (the header, or the key name). */
  List<String> columnNames();

  /** The COUNTRY column that sets the phone region, or -1. */
  int countryColumn();

  /** The field count every row should have. */
  int fieldCount();

  /** Whether hashed keys hold SHA-256 hex already (never hashed here). */
  boolean prehashed();

  /** The next up to {@code max} rows, or null at the end. */
  @Nullable RawChunk next(int max);

  /** Reads past the next {@code rows} rows; returns how many there were. */
  long skip(long rows);

  /**
   * What identifies the source across runs, for a checkpoint: a file's name and size; {@code ""}
   * when there is nothing to compare.
   */
  String fingerprint();
}
