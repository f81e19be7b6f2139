package dev.matchlist.cli.hash;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.columns.ColumnMapping;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts what {@link CsvHasher} met while hashing a file: rows read and written, rows dropped and
 * invalid cells, each with the file line numbers and reasons of its first {@value #SAMPLES}
 * occurrences; reports of consecutive parts of a file {@link #add add up}. It never holds a cell's
 * value: those are personal data and must not reach logs. Not thread-safe.
 */
final class HashReport {
  /** How many occurrences of each problem are kept with their line numbers. */
  static final int SAMPLES = 5;

  private final Map<SchemaKey, Tally> invalidCells = new EnumMap<>(SchemaKey.class);
  private final Tally malformedRows = new Tally();
  private final Tally rowsWithoutIdentifier = new Tally();
  private long rowsRead;
  private long rowsWritten;

  void rowRead() {
    rowsRead++;
  }

  void rowWritten() {
    rowsWritten++;
  }

  void invalidCell(SchemaKey key, long line, String reason) {
    invalidCells.computeIfAbsent(key, k -> new Tally()).add(line, reason);
  }

  void malformedRow(long line, String reason) {
    malformedRows.add(line, reason);
  }

  void rowWithoutIdentifier(long line) {
    rowsWithoutIdentifier.add(line, "no valid identifier");
  }

  /** Adds the counts of {@code later}, a report of the rows that came after this one's. */
  void add(HashReport later) {
    rowsRead += later.rowsRead;
    rowsWritten += later.rowsWritten;
    malformedRows.add(later.malformedRows);
    rowsWithoutIdentifier.add(later.rowsWithoutIdentifier);
    later.invalidCells.forEach(
        (key, tally) -> invalidCells.computeIfAbsent(key, k -> new Tally()).add(tally));
  }

  /** Whether anything was dropped: what {@code --strict} turns into a failure. */
  boolean hasProblems() {
    return !invalidCells.isEmpty() || malformedRows.count > 0 || rowsWithoutIdentifier.count > 0;
  }

  /** A snapshot for printing or JSON. */
  HashSummary summary(String input, String output, ColumnMapping mapping) {
    Map<String, HashSummary.Occurrences> cells = new LinkedHashMap<>();
    invalidCells.forEach((key, tally) -> cells.put(key.name(), tally.occurrences()));
    return new HashSummary(
        input,
        output,
        mapping.schema().stream().map(SchemaKey::name).toList(),
        mapping.ignored().stream()
            .map(c -> new HashSummary.IgnoredColumn(c.column() + 1, c.header(), c.reason()))
            .toList(),
        rowsRead,
        rowsWritten,
        rowsWithoutIdentifier.occurrences(),
        malformedRows.occurrences(),
        cells);
  }

  /** A count with its first few samples. */
  private static final class Tally {
    private long count;
    private final List<HashSummary.Sample> samples = new ArrayList<>(SAMPLES);

    void add(long line, String reason) {
      count++;
      if (samples.size() < SAMPLES) {
        samples.add(new HashSummary.Sample(line, reason));
      }
    }

    /** Keeps the earlier samples: {@code later} holds lines after this one's. */
    void add(Tally later) {
      count += later.count;
      for (HashSummary.Sample sample : later.samples) {
        if (samples.size() == SAMPLES) {
          break;
        }
        samples.add(sample);
      }
    }

    HashSummary.Occurrences occurrences() {
      return new HashSummary.Occurrences(count, List.copyOf(samples));
    }
  }
}
