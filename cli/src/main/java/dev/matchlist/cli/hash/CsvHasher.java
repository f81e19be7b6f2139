package dev.matchlist.cli.hash;

import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.columns.ColumnMapping;
import dev.matchlist.core.normalize.Normalized;
import dev.matchlist.core.normalize.Normalizer;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Turns the data rows of a customer file into wire rows: each mapped cell is normalized and hashed
 * (or kept clear) by the {@link Normalizer}, the row's COUNTRY cell setting the phone region.
 * Streams: memory holds a few batches, whatever the file's size.
 *
 * <p>A blank cell stays empty and is not a problem; a non-blank cell the normalizer rejects is
 * written empty and counted. Rows whose field count differs from the header's (usually a quoting
 * slip that shifted the columns) and rows left with no valid identifier are not written.
 *
 * <p>The calling thread reads and writes; batches of rows are normalized and hashed on worker
 * threads and written back in file order, so the output and the report's "first samples" are the
 * same as a sequential run's. Normalizing and hashing is most of the CPU time (CSV parsing and
 * writing about a third), so workers pay off from two cores on.
 */
final class CsvHasher {
  private static final int BATCH_ROWS = 2048;

  private final Normalizer normalizer;
  private final ColumnMapping mapping;
  private final SchemaKey[] keys;
  private final int[] columns;
  private final int countryColumn;
  private final int workers;
  private final int batchRows;

  /**
   * @param workers threads that normalize and hash; 0 does it all on the calling thread
   */
  CsvHasher(Normalizer normalizer, ColumnMapping mapping, int workers) {
    this(normalizer, mapping, workers, BATCH_ROWS);
  }

  /** With batches of {@code batchRows} rows: tests use small ones to cross many batches. */
  CsvHasher(Normalizer normalizer, ColumnMapping mapping, int workers, int batchRows) {
    this.normalizer = normalizer;
    this.mapping = mapping;
    this.keys = mapping.schema().toArray(new SchemaKey[0]);
    this.columns = mapping.sources().stream().mapToInt(ColumnMapping.Source::column).toArray();
    this.countryColumn =
        mapping.schema().contains(SchemaKey.COUNTRY)
            ? mapping.source(SchemaKey.COUNTRY).column()
            : -1;
    this.workers = workers;
    this.batchRows = batchRows;
  }

  /** Worker threads for this machine: one per core beyond the reading/writing thread, up to 4. */
  static int defaultWorkers() {
    return Math.min(4, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Writes the schema header and then every good row of {@code rows} (the data rows) to out.
   *
   * @throws OutputFailedException when writing fails; read failures stay {@link
   *     UncheckedIOException}
   */
  HashReport hash(Iterator<CsvRecord> rows, CsvWriter out, RowProgress progress) {
    String[] header = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      header[i] = keys[i].name();
    }
    write(out, header);
    HashReport report = new HashReport();
    if (workers == 0) {
      while (rows.hasNext()) {
        drain(hashBatch(nextBatch(rows, progress)), out, report);
      }
      return report;
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers, CsvHasher::daemon);
    try {
      ArrayDeque<Future<Batch>> inFlight = new ArrayDeque<>();
      while (rows.hasNext()) {
        List<CsvRecord> batch = nextBatch(rows, progress);
        inFlight.add(pool.submit(() -> hashBatch(batch)));
        if (inFlight.size() > 2 * workers) {
          drain(await(inFlight.remove()), out, report);
        }
      }
      while (!inFlight.isEmpty()) {
        drain(await(inFlight.remove()), out, report);
      }
      return report;
    } finally {
      pool.shutdownNow();
    }
  }

  /** A batch's wire rows (null where a row is dropped) and what its rows went through. */
  private record Batch(String[][] wire, HashReport report) {}

  private List<CsvRecord> nextBatch(Iterator<CsvRecord> rows, RowProgress progress) {
    List<CsvRecord> batch = new ArrayList<>(batchRows);
    while (batch.size() < batchRows && rows.hasNext()) {
      batch.add(rows.next());
      progress.rowDone();
    }
    return batch;
  }

  private Batch hashBatch(List<CsvRecord> rows) {
    HashReport report = new HashReport();
    String[][] wire = new String[rows.size()][];
    for (int r = 0; r < wire.length; r++) {
      report.rowRead();
      wire[r] = hashRow(rows.get(r), report);
    }
    return new Batch(wire, report);
  }

  private static void drain(Batch batch, CsvWriter out, HashReport report) {
    for (String[] row : batch.wire()) {
      if (row != null) {
        write(out, row);
      }
    }
    report.add(batch.report());
  }

  /** The wire row for {@code row}, or null when it must not be written. */
  private String @Nullable [] hashRow(CsvRecord row, HashReport report) {
    long line = row.getStartingLineNumber();
    if (row.getFieldCount() != mapping.columnCount()) {
      int count = row.getFieldCount();
      report.malformedRow(
          line,
          count
              + (count == 1 ? " field" : " fields")
              + ", the header has "
              + mapping.columnCount());
      return null;
    }
    @Nullable String country = countryColumn < 0 ? null : row.getField(countryColumn);
    if (country != null && country.isBlank()) {
      country = null;
    }
    String[] wire = new String[keys.length];
    boolean hasIdentifier = false;
    for (int i = 0; i < keys.length; i++) {
      String cell = row.getField(columns[i]);
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
      return null;
    }
    report.rowWritten();
    return wire;
  }

  private static Batch await(Future<Batch> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while hashing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static void write(CsvWriter out, String[] record) {
    try {
      out.writeRecord(record);
    } catch (UncheckedIOException e) {
      throw new OutputFailedException(e.getCause());
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "hash-worker");
    thread.setDaemon(true);
    return thread;
  }
}
