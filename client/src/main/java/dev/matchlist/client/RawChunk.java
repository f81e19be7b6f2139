package dev.matchlist.client;

import de.siegmar.fastcsv.reader.CsvRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * A run of consecutive source rows, read on the uploading thread and hashed on a worker. Rows are
 * numbered by their ordinal in the source (0 = the first data row), which is what a checkpoint
 * counts.
 */
abstract class RawChunk {
  final long firstOrdinal;

  RawChunk(long firstOrdinal) {
    this.firstOrdinal = firstOrdinal;
  }

  abstract int size();

  abstract int fieldCount(int row);

  abstract String field(int row, int column);

  /** The line a person would look for: the file line where the row starts, or the row number. */
  abstract long line(int row);

  /** Rows of a CSV file. */
  static final class Csv extends RawChunk {
    final List<CsvRecord> records;

    Csv(long firstOrdinal, int capacity) {
      super(firstOrdinal);
      this.records = new ArrayList<>(capacity);
    }

    @Override
    int size() {
      return records.size();
    }

    @Override
    int fieldCount(int row) {
      return records.get(row).getFieldCount();
    }

    @Override
    String field(int row, int column) {
      return records.get(row).getField(column);
    }

    @Override
    long line(int row) {
      return records.get(row).getStartingLineNumber();
    }
  }

  /** Rows given as lists; their line is their 1-based row number. */
  static final class Lists extends RawChunk {
    final List<List<String>> rows;

    Lists(long firstOrdinal, int capacity) {
      super(firstOrdinal);
      this.rows = new ArrayList<>(capacity);
    }

    @Override
    int size() {
      return rows.size();
    }

    @Override
    int fieldCount(int row) {
      return rows.get(row).size();
    }

    @Override
    String field(int row, int column) {
      String value = rows.get(row).get(column);
      return value == null ? "" : value;
    }

    @Override
    long line(int row) {
      return firstOrdinal + row + 1;
    }
  }
}
