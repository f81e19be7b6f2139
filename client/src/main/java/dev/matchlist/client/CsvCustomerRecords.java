package dev.matchlist.client;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.columns.ColumnMapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A customer CSV file: see {@link CustomerRecords#csv(Path, ColumnMapping)}. FastCSV parses it on
 * the uploading thread; a row with another field count than the header's is passed on (and reported
 * by the encoder), not a parse failure.
 */
final class CsvCustomerRecords implements CustomerRecords, RowSource {
  /** Files up to this size are counted line by line for the estimate; bigger ones sampled. */
  private static final long COUNT_WHOLE_FILE_BELOW = 64L << 20;

  private static final int SAMPLE_BYTES = 8 << 20;

  private final Path file;
  private final ColumnMapping mapping;
  private final CsvReader<CsvRecord> reader;
  private final CloseableIterator<CsvRecord> rows;
  private final int[] columns;
  private final List<String> columnNames;
  private final int countryColumn;
  private long ordinal;
  private @Nullable OptionalLong estimate;

  private CsvCustomerRecords(
      Path file,
      ColumnMapping mapping,
      CsvReader<CsvRecord> reader,
      CloseableIterator<CsvRecord> rows) {
    this.file = file;
    this.mapping = mapping;
    this.reader = reader;
    this.rows = rows;
    this.columns = mapping.sources().stream().mapToInt(ColumnMapping.Source::column).toArray();
    this.columnNames = mapping.sources().stream().map(ColumnMapping.Source::header).toList();
    this.countryColumn =
        mapping.schema().contains(SchemaKey.COUNTRY)
            ? mapping.source(SchemaKey.COUNTRY).column()
            : -1;
  }

  static CsvCustomerRecords open(Path file, @Nullable ColumnMapping mapping) {
    CsvReader<CsvRecord> reader;
    try {
      reader =
          CsvReader.builder()
              .allowExtraFields(true)
              .allowMissingFields(true)
              .ofCsvRecord(CustomerText.open(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    try {
      CloseableIterator<CsvRecord> rows = reader.iterator();
      if (!hasNext(rows)) {
        throw new IllegalArgumentException(file + " is empty: no header row");
      }
      List<String> header = rows.next().getFields();
      ColumnMapping resolved = mapping != null ? mapping : ColumnMapping.of(header);
      if (resolved.columnCount() != header.size()) {
        throw new IllegalArgumentException(
            "the mapping is for "
                + resolved.columnCount()
                + " columns, the header of "
                + file
                + " has "
                + header.size());
      }
      if (resolved.schema().isEmpty()) {
        throw new IllegalArgumentException(
            "no column of " + file + " names a schema key; columns are " + header);
      }
      return new CsvCustomerRecords(file, resolved, reader, rows);
    } catch (RuntimeException e) {
      closeQuietly(reader);
      throw e;
    }
  }

  /** How the file's columns were mapped: the schema, and the ignored columns with reasons. */
  ColumnMapping mapping() {
    return mapping;
  }

  @Override
  public List<SchemaKey> schema() {
    return mapping.schema();
  }

  @Override
  public OptionalLong estimatedRows() {
    if (estimate == null) {
      estimate = countLines();
    }
    return estimate;
  }

  @Override
  public int[] columns() {
    return columns.clone();
  }

  @Override
  public List<String> columnNames() {
    return columnNames;
  }

  @Override
  public int countryColumn() {
    return countryColumn;
  }

  @Override
  public int fieldCount() {
    return mapping.columnCount();
  }

  @Override
  public boolean prehashed() {
    return false;
  }

  @Override
  public @Nullable RawChunk next(int max) {
    if (!hasNext(rows)) {
      return null;
    }
    RawChunk.Csv chunk = new RawChunk.Csv(ordinal, max);
    while (chunk.records.size() < max && hasNext(rows)) {
      chunk.records.add(rows.next());
    }
    ordinal += chunk.records.size();
    return chunk;
  }

  @Override
  public long skip(long count) {
    long skipped = 0;
    while (skipped < count && hasNext(rows)) {
      rows.next();
      skipped++;
    }
    ordinal += skipped;
    return skipped;
  }

  @Override
  public String fingerprint() {
    try {
      return file.getFileName() + ", " + Files.size(file) + " bytes";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public void close() {
    closeQuietly(reader);
  }

  /** Data lines of the file (newlines, less the header's); sampled for big files. */
  private OptionalLong countLines() {
    try (InputStream in = Files.newInputStream(file)) {
      long size = Files.size(file);
      byte[] buffer = new byte[64 * 1024];
      long read = 0;
      long lines = 0;
      byte last = '\n';
      long limit = size < COUNT_WHOLE_FILE_BELOW ? Long.MAX_VALUE : SAMPLE_BYTES;
      int n;
      while (read < limit && (n = in.read(buffer)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
        last = buffer[n - 1];
        read += n;
      }
      if (last != '\n' && read >= size) {
        lines++;
      }
      if (read < size && read > 0) {
        lines = (long) ((double) lines * size / read);
      }
      return OptionalLong.of(Math.max(0, lines - 1));
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * FastCSV reads ahead in {@code hasNext()}; bytes that are not text fail there, with the JDK's
   * terse "Input length = 1", which is replaced by {@link CustomerText#NOT_TEXT}.
   */
  private static boolean hasNext(CloseableIterator<CsvRecord> rows) {
    try {
      return rows.hasNext();
    } catch (UncheckedIOException e) {
      if (CustomerText.isNotText(e)) {
        throw new UncheckedIOException(CustomerText.NOT_TEXT, e.getCause());
      }
      throw e;
    }
  }

  private static void closeQuietly(CsvReader<?> reader) {
    try {
      reader.close();
    } catch (IOException e) {
      // Read-only file: nothing is lost by a failed close.
    }
  }
}
