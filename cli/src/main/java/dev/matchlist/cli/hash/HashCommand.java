package dev.matchlist.cli.hash;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.matchlist.cli.ExitCodes;
import dev.matchlist.cli.StderrTerminal;
import dev.matchlist.client.CustomerText;
import dev.matchlist.core.columns.ColumnMapping;
import dev.matchlist.core.normalize.Normalizer;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code matchlist hash}: a customer CSV in, the same rows normalized and hashed out, with a report
 * of what was dropped and why (line numbers and reasons, never values).
 *
 * <p>An output file is written under a temporary name beside it and moved into place at the end, so
 * a failed run never leaves a half-written file that looks complete.
 */
@Command(
    name = "hash",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Normalizes and SHA-256-hashes a customer CSV into the Marketing API's wire format.",
      "",
      "Headers are matched to schema keys ignoring case, spaces, underscores and dashes"
          + " (email, e-mail, phone_number, first_name, surname, zip, dob, madid,"
          + " customer_id...); unknown columns are reported and ignored. The output header is"
          + " the schema key names; cells are SHA-256 hex for hashed keys and normalized clear"
          + " values for EXTERN_ID, MADID and LOOKALIKE_VALUE. Invalid cells are written empty;"
          + " rows left with no valid identifier are not written. A summary goes to stderr:"
          + " line numbers and reasons, never the values.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  matchlist hash customers.csv --out hashed.csv",
      "  cat customers.csv | matchlist hash - > hashed.csv",
      "  matchlist hash crm.csv --map \"Mail Address=EMAIL,tel=PHONE,st=SKIP\" -o h.csv",
      "  matchlist hash customers.csv --out hashed.csv --json --strict",
      "",
      "Exit codes: 0 done (invalid cells reported, not fatal), 2 usage error, 3 --strict and"
          + " some cells or rows were invalid, 4 input unreadable or output unwritable."
    })
public final class HashCommand implements Callable<Integer> {
  private static final String STDIO = "-";

  /** Files smaller than this are done before a progress bar would say anything useful. */
  private static final long PROGRESS_MIN_BYTES = 8L << 20;

  @Parameters(
      index = "0",
      paramLabel = "INPUT",
      description = "Customer CSV with a header row, UTF-8; '-' reads stdin.")
  private String input;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "Where to write the hashed CSV; '-' or absent: stdout.")
  private String out = STDIO;

  @Option(
      names = "--map",
      split = ",",
      paramLabel = "HEADER=KEY",
      description =
          "Say what a column holds, overriding the header matching: a schema key (EMAIL,"
              + " PHONE, FN, ...), DOB for a whole date of birth, or SKIP to drop the column.")
  private Map<String, String> map = new LinkedHashMap<>();

  @Option(
      names = "--default-region",
      paramLabel = "CC",
      defaultValue = "US",
      description =
          "Region (ISO 3166 alpha-2) of phone numbers in rows without a COUNTRY."
              + " Default: ${DEFAULT-VALUE}.")
  private String defaultRegion;

  @Option(
      names = "--json",
      description = "Print the summary as one JSON object on stdout (needs --out FILE).")
  private boolean json;

  @Option(
      names = "--strict",
      description = "Exit with 3 when any cell or row was invalid (the output is still written).")
  private boolean strict;

  @Option(names = "--no-progress", description = "Never show a progress bar.")
  private boolean noProgress;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Threads that normalize and hash; 0: all on one thread. Default: one per core, up to 4.")
  private int workers = CsvHasher.defaultWorkers();

  @Override
  public Integer call() {
    PrintStream err = System.err;
    boolean toStdout = STDIO.equals(out);
    if (json && toStdout) {
      err.println("matchlist hash: --json needs --out FILE (stdout carries the hashed CSV)");
      return ExitCodes.USAGE;
    }
    if (workers < 0) {
      err.println("matchlist hash: --threads must be 0 or more");
      return ExitCodes.USAGE;
    }
    Normalizer normalizer;
    try {
      normalizer = Normalizer.builder().defaultRegion(defaultRegion).build();
    } catch (IllegalArgumentException e) {
      err.println("matchlist hash: --default-region: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    @Nullable Path inputPath = STDIO.equals(input) ? null : Path.of(input);
    try (InputStream in = openInput(inputPath);
        CsvReader<CsvRecord> reader =
            CsvReader.builder()
                // A row with a wrong field count is reported by CsvHasher, not a fatal error.
                .allowExtraFields(true)
                .allowMissingFields(true)
                .ofCsvRecord(CustomerText.open(in))) {
      CloseableIterator<CsvRecord> rows = reader.iterator();
      if (!rows.hasNext()) {
        err.println("matchlist hash: " + inputName() + " is empty: no header row");
        return ExitCodes.IO;
      }
      ColumnMapping mapping;
      try {
        mapping = ColumnMapping.of(rows.next().getFields(), map);
      } catch (IllegalArgumentException e) {
        err.println("matchlist hash: --map: " + e.getMessage());
        return ExitCodes.USAGE;
      }
      if (mapping.schema().isEmpty()) {
        err.println(
            "matchlist hash: no column of "
                + inputName()
                + " names a schema key; say what they hold with --map HEADER=KEY");
        return ExitCodes.USAGE;
      }
      CsvHasher hasher = new CsvHasher(normalizer, mapping, workers);
      HashReport report;
      try (RowProgress progress = progress(inputPath)) {
        report =
            toStdout
                ? hashToStdout(hasher, rows, progress)
                : hashToFile(hasher, rows, progress, Path.of(out));
      }
      HashSummary summary = report.summary(inputName(), outputName(), mapping);
      if (json) {
        System.out.println(toJson(summary));
      } else {
        err.print(summary.toText());
      }
      return strict && report.hasProblems() ? ExitCodes.INVALID_DATA : ExitCodes.OK;
    } catch (OutputFailedException e) {
      err.println("matchlist hash: cannot write " + outputName() + ": " + describe(e.getCause()));
      return ExitCodes.IO;
    } catch (CsvParseException | UncheckedIOException | IOException e) {
      err.println("matchlist hash: cannot read " + inputName() + ": " + describe(e));
      return ExitCodes.IO;
    }
  }

  private static HashReport hashToStdout(
      CsvHasher hasher, Iterator<CsvRecord> rows, RowProgress progress) {
    // Not System.out: that PrintStream flushes on every write and swallows errors.
    CsvWriter writer = csvWriter(new FileOutputStream(FileDescriptor.out));
    HashReport report = hasher.hash(rows, writer, progress);
    try {
      writer.flush();
    } catch (IOException e) {
      throw new OutputFailedException(e);
    }
    return report;
  }

  private static HashReport hashToFile(
      CsvHasher hasher, Iterator<CsvRecord> rows, RowProgress progress, Path target) {
    Path absolute = target.toAbsolutePath();
    Path temporary;
    try {
      temporary =
          Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".partial");
    } catch (IOException e) {
      throw new OutputFailedException(e);
    }
    boolean moved = false;
    try {
      HashReport report;
      try (CsvWriter writer = csvWriter(Files.newOutputStream(temporary))) {
        report = hasher.hash(rows, writer, progress);
      }
      Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
      return report;
    } catch (IOException e) {
      throw new OutputFailedException(e);
    } finally {
      if (!moved) {
        deleteQuietly(temporary);
      }
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // The run has failed already; a stray hidden .partial file is the lesser problem.
    }
  }

  private static CsvWriter csvWriter(OutputStream stream) {
    return CsvWriter.builder()
        .lineDelimiter(LineDelimiter.LF)
        .bufferSize(64 * 1024)
        .build(stream, StandardCharsets.UTF_8);
  }

  private static InputStream openInput(@Nullable Path path) throws IOException {
    return path == null ? System.in : Files.newInputStream(path);
  }

  private RowProgress progress(@Nullable Path inputPath) {
    if (noProgress || !StderrTerminal.isTerminal()) {
      return RowProgress.none();
    }
    try {
      if (inputPath != null && Files.size(inputPath) < PROGRESS_MIN_BYTES) {
        return RowProgress.none();
      }
    } catch (IOException e) {
      return RowProgress.none();
    }
    return RowProgress.onStderr("hashing");
  }

  private static String toJson(HashSummary summary) throws JsonProcessingException {
    return new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .writeValueAsString(summary);
  }

  private String inputName() {
    return STDIO.equals(input) ? "stdin" : input;
  }

  private String outputName() {
    return STDIO.equals(out) ? "stdout" : out;
  }

  /** A one-line reason, no stack trace; the JDK's messages for the common cases are terse. */
  private static String describe(Throwable e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof CharacterCodingException) {
      return CustomerText.NOT_TEXT;
    }
    if ((e instanceof UncheckedIOException || e instanceof CsvParseException)
        && e.getCause() != null) {
      return describe(e.getCause());
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
