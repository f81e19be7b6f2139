package dev.matchlist.cli.hash;

import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.columns.ColumnMapping;
import dev.matchlist.core.normalize.Normalized;
import dev.matchlist.core.normalize.Normalizer;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/**
 * Turns the data rows of a customer file into wire rows, one at a time: each mapped cell is
 * normalized and hashed (or kept clear) by the {@link Normalizer}, the row's COUNTRY cell setting
 * the phone region. Streams: memory does not grow with the file.
 *
 * <p>A blank cell stays empty and is not a problem; a non-blank cell the normalizer rejects is
 * written empty and counted. Rows whose field count differs from the header's (usually a quoting
 * slip that shifted the columns) and rows left with no valid identifier are not written.
 */
final class CsvHasher {
  private final Normalizer normalizer;
  private final ColumnMapping mapping;
  private final SchemaKey[] keys;
  private final ColumnMapping.Source[] sources;
  private final int countryColumn;

  CsvHasher(Normalizer normalizer, ColumnMapping mapping) {
    this.normalizer = normalizer;
    this.mapping = mapping;
    this.keys = mapping.schema().toArray(new SchemaKey[0]);
    this.sources = mapping.sources().toArray(new ColumnMapping.Source[0]);
    this.countryColumn =
        mapping.schema().contains(SchemaKey.COUNTRY)
            ? mapping.source(SchemaKey.COUNTRY).column()
            : -1;
  }

  /**
   * Writes the schema header and then every good row of {@code rows} (the data rows) to out.
   *
   * @throws OutputFailedException when writing fails; read failures stay {@link
   *     UncheckedIOException}
   */
  HashReport hash(Iterator<CsvRecord> rows, CsvWriter out, RowProgress progress) {
    HashReport report = new HashReport();
    String[] header = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      header[i] = keys[i].name();
    }
    write(out, header);
    String[] wire = new String[keys.length];
    while (rows.hasNext()) {
      CsvRecord row = rows.next();
      report.rowRead();
      progress.rowDone();
      if (hashRow(row, wire, report)) {
        write(out, wire);
        report.rowWritten();
      }
    }
    return report;
  }

  private static void write(CsvWriter out, String[] record) {
    try {
      out.writeRecord(record);
    } catch (UncheckedIOException e) {
      throw new OutputFailedException(e.getCause());
    }
  }

  /** Fills {@code wire} from {@code row}; false when the row must not be written. */
  private boolean hashRow(CsvRecord row, String[] wire, HashReport report) {
    long line = row.getStartingLineNumber();
    if (row.getFieldCount() != mapping.columnCount()) {
      int count = row.getFieldCount();
      report.malformedRow(
          line,
          count
              + (count == 1 ? " field" : " fields")
              + ", the header has "
              + mapping.columnCount());
      return false;
    }
    @Nullable String country = countryColumn < 0 ? null : row.getField(countryColumn);
    if (country != null && country.isBlank()) {
      country = null;
    }
    boolean hasIdentifier = false;
    for (int i = 0; i < keys.length; i++) {
      String cell = row.getField(sources[i].column());
      wire[i] = "";
      if (cell.isBlank()) {
        continue;
      }
      Normalized result = normalizer.toWire(keys[i], cell, country);
      if (result.isValid()) {
        wire[i] = result.value();
        hasIdentifier |= keys[i].isIdentifier();
      } else {
        report.invalidCell(keys[i], line, result.reason());
      }
    }
    if (!hasIdentifier) {
      report.rowWithoutIdentifier(line);
    }
    return hasIdentifier;
  }
}
