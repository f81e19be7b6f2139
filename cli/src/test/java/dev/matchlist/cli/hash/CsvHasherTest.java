package dev.matchlist.cli.hash;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.matchlist.core.columns.ColumnMapping;
import dev.matchlist.core.normalize.Normalizer;
import java.io.StringWriter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvHasherTest {
  private static final Normalizer NORMALIZER = Normalizer.builder().defaultRegion("US").build();

  /** What one run produced: the CSV text and the summary. */
  private record Run(String csv, HashSummary summary) {}

  @Test
  void workersInSmallBatchesWriteExactlyWhatOneThreadWrites() {
    String input = randomCustomerFile(new Random(20261130L), 3_000);

    Run sequential = run(input, 0, 2048);
    Run parallel = run(input, 3, 7);

    assertThat(parallel.csv()).isEqualTo(sequential.csv());
    assertThat(parallel.summary()).isEqualTo(sequential.summary());
    assertThat(sequential.summary().invalidCells()).isNotEmpty();
  }

  @Test
  void samplesAreTheFirstProblemsInFileOrderAcrossBatches() {
    StringBuilder input = new StringBuilder("email\n");
    for (int i = 0; i < 40; i++) {
      input.append(i % 4 == 0 ? "broken\n" : "a" + i + "@example.com\n");
    }

    HashSummary summary = run(input.toString(), 4, 3).summary();

    assertThat(summary.invalidCells().get("EMAIL").count()).isEqualTo(10);
    assertThat(summary.invalidCells().get("EMAIL").samples())
        .extracting(HashSummary.Sample::line)
        .containsExactly(2L, 6L, 10L, 14L, 18L);
  }

  private static Run run(String input, int workers, int batchRows) {
    StringWriter out = new StringWriter();
    try (CsvReader<CsvRecord> reader =
            CsvReader.builder().allowMissingFields(true).allowExtraFields(true).ofCsvRecord(input);
        CloseableIterator<CsvRecord> rows = reader.iterator()) {
      ColumnMapping mapping = ColumnMapping.of(rows.next().getFields());
      CsvWriter writer = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out);
      HashReport report =
          new CsvHasher(NORMALIZER, mapping, workers, batchRows)
              .hash(rows, writer, RowProgress.none());
      writer.flush();
      return new Run(out.toString(), report.summary("in", "out", mapping));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Rows with good and bad emails, phones, countries and dates, and some short rows. */
  private static String randomCustomerFile(Random random, int rows) {
    String[] emails = {"mary@example.com", " Bob@Example.org ", "broken@", "", "x@y"};
    String[] phones = {"+1 555 987 6543", "(415) 555-0101", "07700 900123", "12", ""};
    String[] countries = {"US", "GB", "Narnia", ""};
    String[] dates = {"1985-03-27", "03/27/1985", "1990-02-30", ""};
    StringBuilder csv = new StringBuilder("email,phone,country,dob\n");
    for (int i = 0; i < rows; i++) {
      if (random.nextInt(100) == 0) {
        csv.append("short row\n");
        continue;
      }
      csv.append(pick(random, emails)).append(',').append(pick(random, phones)).append(',');
      csv.append(pick(random, countries)).append(',').append(pick(random, dates)).append('\n');
    }
    return csv.toString();
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }
}
