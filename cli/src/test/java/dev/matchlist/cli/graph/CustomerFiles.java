package dev.matchlist.cli.graph;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.matchlist.server.matching.SyntheticPopulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Customer CSVs of synthetic-population people, whose matches are known in advance. */
public final class CustomerFiles {
  private CustomerFiles() {}

  /** A CSV with header {@code email} and the emails of persons {@code first..first+count-1}. */
  public static Path emails(Path file, int first, int count) {
    try (CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(file)) {
      csv.writeRecord("email");
      for (int i = first; i < first + count; i++) {
        csv.writeRecord(SyntheticPopulation.email(i));
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
