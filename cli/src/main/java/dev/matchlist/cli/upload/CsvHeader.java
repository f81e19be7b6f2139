package dev.matchlist.cli.upload;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.matchlist.cli.ExitCodes;
import dev.matchlist.cli.graph.GraphCommandException;
import dev.matchlist.client.CustomerText;
import dev.matchlist.core.columns.ColumnMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the header row of a customer CSV and maps it, before anything is sent: a file whose columns
 * name no key should fail, not after a session was opened; so should a replace's file that is not
 * text.
 */
final class CsvHeader {
  private CsvHeader() {}

  /**
   * The mapping of {@code file}'s header with {@code overrides} ({@code --map}).
   *
   * @param wholeFileFirst read the whole file once first, so that one that is not text fails here
   *     (a replace cut short would still swap in the rows it sent); adds and removes skip it, as
   *     they stop at a bad byte anyway and are safe to run again once the file is fixed, and the
   *     read costs ~0.6 CPU-s per 56 MB in a fresh JVM (BENCHMARKS.md, CLI upload)
   * @throws GraphCommandException IO when the file cannot be read or is empty, USAGE when {@code
   *     --map} is wrong or no column names a schema key
   */
  static ColumnMapping map(Path file, Map<String, String> overrides, boolean wholeFileFirst) {
    try (CsvReader<CsvRecord> reader =
            CsvReader.builder()
                .allowExtraFields(true)
                .allowMissingFields(true)
                .ofCsvRecord(CustomerText.open(file));
        CloseableIterator<CsvRecord> rows = reader.iterator()) {
      if (wholeFileFirst) {
        CustomerText.check(file);
      }
      if (!rows.hasNext()) {
        throw new GraphCommandException(ExitCodes.IO, file + " is empty: no header row");
      }
      ColumnMapping mapping;
      try {
        mapping = ColumnMapping.of(rows.next().getFields(), overrides);
      } catch (IllegalArgumentException e) {
        throw new GraphCommandException(ExitCodes.USAGE, "--map: " + e.getMessage());
      }
      if (mapping.schema().isEmpty()) {
        throw new GraphCommandException(
            ExitCodes.USAGE,
            "no column of "
                + file
                + " names a schema key; say what they hold with --map HEADER=KEY");
      }
      return mapping;
    } catch (NoSuchFileException e) {
      throw new GraphCommandException(ExitCodes.IO, "cannot read " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new GraphCommandException(ExitCodes.IO, "cannot read " + file + ": permission denied");
    } catch (IOException | UncheckedIOException | CsvParseException e) {
      throw new GraphCommandException(
          ExitCodes.IO,
          "cannot read "
              + file
              + ": "
              + (CustomerText.isNotText(e) ? CustomerText.NOT_TEXT : e.getMessage()));
    }
  }
}
