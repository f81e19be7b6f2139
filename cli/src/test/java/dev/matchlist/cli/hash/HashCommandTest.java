package dev.matchlist.cli.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.matchlist.cli.CliProcess;
import dev.matchlist.cli.CliProcess.Result;
import dev.matchlist.cli.Matchlist;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code matchlist hash} run as a real process on examples/customers.csv and small files. */
class HashCommandTest {
  /** Meta's published test vectors (spec §2.1). */
  private static final String MARY_EMAIL_SHA256 =
      "f1904cf1a9d73a55fa5de0ac823c4403ded71afd4c3248d00bdcd0866552bb79";

  private static final String PHONE_15559876543_SHA256 =
      "1ef970831d7963307784fa8688e8fce101a15685d62aa765fed23f3a2c576a4e";

  private static final Path EXAMPLES =
      CliProcess.repositoryRoot().resolve("examples/customers.csv");

  @TempDir static Path shared;
  private static Path hashedExamples;
  private static Result examplesRun;

  @TempDir Path dir;

  @BeforeAll
  static void hashTheExamplesOnce() {
    hashedExamples = shared.resolve("hashed.csv");
    examplesRun = CliProcess.run("hash", EXAMPLES.toString(), "--out", hashedExamples.toString());
  }

  @Test
  void writesTheSchemaKeyNamesAsHeaderInTheOrderOfTheInputColumns() throws IOException {
    assertThat(examplesRun.exitCode()).isZero();
    assertThat(Files.readAllLines(hashedExamples).get(0))
        .isEqualTo(
            "EXTERN_ID,EMAIL,PHONE,FN,LN,CT,ST,ZIP,COUNTRY,GEN,DOBY,DOBM,DOBD,LOOKALIKE_VALUE");
  }

  @Test
  void hashesMarysEmailAndPhoneToMetasTestVectors() throws IOException {
    List<String> mary = row(hashedExamples, "C1000").orElseThrow();

    assertThat(mary.get(1)).isEqualTo(MARY_EMAIL_SHA256);
    assertThat(mary.get(2)).isEqualTo(PHONE_15559876543_SHA256);
    assertThat(mary.get(13)).as("LOOKALIKE_VALUE stays clear").isEqualTo("250");
  }

  @Test
  void passesAnAlreadyHashedEmailThroughUnchanged() throws IOException {
    assertThat(row(hashedExamples, "C2008").orElseThrow().get(1))
        .isEqualTo(sha256("alex.doe@example.com"));
  }

  @Test
  void reportsInvalidCellsWithLineNumbersAndReasonsButNeverTheValues() {
    String stderr = examplesRun.stderr();

    assertThat(stderr).containsPattern("EMAIL: 2 \\(line 22: [^;]+; line 47: ");
    assertThat(stderr).containsPattern("PHONE: \\d+ \\(line 47: [^;]+; line 73: ");
    assertThat(stderr).doesNotContain("john.smith@", "not-an-email", "call me", "13/31/1988");
  }

  @Test
  void writesInvalidCellsEmptyAndKeepsTheRestOfTheRow() throws IOException {
    List<String> john = row(hashedExamples, "C2001").orElseThrow();

    assertThat(john.get(1)).isEmpty();
    assertThat(john.get(2)).hasSize(64);
  }

  @Test
  void dropsAndReportsARowWithAWrongFieldCount() throws IOException {
    assertThat(examplesRun.stderr())
        .contains("rows with a wrong number of fields (not written): 1 (line 123: 7 fields");
    assertThat(row(hashedExamples, "C2005")).isEmpty();
  }

  @Test
  void dropsAndReportsARowWithNoValidIdentifier() throws IOException {
    assertThat(examplesRun.stderr())
        .contains("rows with no valid identifier (not written): 1 (line 98: ");
    assertThat(Files.readAllLines(hashedExamples)).hasSize(1 + 208 - 2);
  }

  @Test
  void reportsAnUnknownColumn() {
    assertThat(examplesRun.stderr())
        .contains("ignored column 13 \"signup_source\": unknown column");
  }

  @Test
  void mapOverridesHeadersItWouldNotRecognize() throws IOException {
    Path input = write("crm.csv", "Mail Address,tel,notes\n Mary@Example.com ,+1 555 987 6543,x\n");

    Result result =
        CliProcess.run("hash", input.toString(), "--map", "Mail Address=EMAIL,tel=PHONE");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout())
        .isEqualTo("EMAIL,PHONE\n" + MARY_EMAIL_SHA256 + "," + PHONE_15559876543_SHA256 + "\n");
  }

  @Test
  void mapToSomethingThatIsNoKeyIsAUsageError() throws IOException {
    Path input = write("crm.csv", "tel\n15559876543\n");

    Result result = CliProcess.run("hash", input.toString(), "--map", "tel=TELEFON");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("TELEFON");
  }

  @Test
  void jsonPrintsTheSummaryAsOneObjectOnStdout() throws IOException {
    Result result =
        CliProcess.run(
            "hash", EXAMPLES.toString(), "--out", dir.resolve("h.csv").toString(), "--json");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout().strip()).doesNotContain("\n");
    JsonNode summary = new ObjectMapper().readTree(result.stdout());
    assertThat(summary.get("rows_read").asLong()).isEqualTo(208);
    assertThat(summary.get("rows_written").asLong()).isEqualTo(206);
    assertThat(summary.at("/invalid_cells/EMAIL/count").asLong()).isEqualTo(2);
    assertThat(summary.at("/invalid_cells/EMAIL/samples/0/line").asLong()).isEqualTo(22);
    assertThat(summary.at("/malformed_rows/samples/0/line").asLong()).isEqualTo(123);
    assertThat(summary.at("/ignored_columns/0/header").asText()).isEqualTo("signup_source");
  }

  @Test
  void jsonWithTheCsvOnStdoutIsAUsageError() {
    Result result = CliProcess.run("hash", EXAMPLES.toString(), "--json");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void readsStdinAndWritesStdout() {
    Result result =
        CliProcess.runWithStdin(
            "e-mail\nmary@example.com\n".getBytes(StandardCharsets.UTF_8), "hash", "-");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo("EMAIL\n" + MARY_EMAIL_SHA256 + "\n");
    assertThat(result.stderr()).contains("rows read: 1");
  }

  @Test
  void aMissingInputExitsWith4AndOneLineWithoutStackTrace() {
    Result result = CliProcess.run("hash", dir.resolve("nope.csv").toString());

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.stderr().strip()).doesNotContain("\n").contains("nope.csv");
    assertThat(result.stderr()).doesNotContain("Exception");
  }

  @Test
  void anUnwritableOutputExitsWith4AndLeavesNoFile() {
    Path out = dir.resolve("missing-dir/hashed.csv");

    Result result = CliProcess.run("hash", EXAMPLES.toString(), "--out", out.toString());

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.stderr().strip())
        .doesNotContain("\n")
        .startsWith("matchlist hash: cannot write");
    assertThat(out).doesNotExist();
  }

  @Test
  void strictExitsWith3WhenCellsWereInvalidButStillWritesTheOutput() {
    Path out = dir.resolve("h.csv");

    Result result =
        CliProcess.run("hash", EXAMPLES.toString(), "--out", out.toString(), "--strict");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(out).exists();
  }

  @Test
  void strictExitsWith0WhenEverythingWasValid() throws IOException {
    Path input = write("ok.csv", "email\nmary@example.com\n");

    assertThat(CliProcess.run("hash", input.toString(), "--strict").exitCode()).isZero();
  }

  @Test
  void aFileWithNoRecognizableColumnIsAUsageError() throws IOException {
    Path input = write("odd.csv", "foo,bar\n1,2\n");

    Result result = CliProcess.run("hash", input.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("--map");
  }

  @Test
  void aDefaultRegionThatIsNoCountryIsAUsageError() {
    Result result = CliProcess.run("hash", EXAMPLES.toString(), "--default-region", "XX");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr().strip()).doesNotContain("\n").contains("--default-region");
  }

  @Test
  void anEmptyInputExitsWith4() throws IOException {
    Result result = CliProcess.run("hash", write("empty.csv", "").toString());

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.stderr()).contains("no header row");
  }

  @Test
  void aFileThatIsNotUtf8ExitsWith4AndLeavesNoOutput() throws IOException {
    // "José" as a spreadsheet saves it in Latin-1: read leniently it would hash as "jos\uFFFD".
    Path input =
        Files.write(
            dir.resolve("latin1.csv"),
            "email,first_name\njose@example.com,José\n".getBytes(StandardCharsets.ISO_8859_1));
    Path out = dir.resolve("h.csv");

    Result result = CliProcess.run("hash", input.toString(), "--out", out.toString());

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.stderr().strip())
        .doesNotContain("\n")
        .startsWith("matchlist hash: cannot read")
        .contains("not UTF-8 text");
    assertThat(out).doesNotExist();
  }

  @Test
  void readsFilesThatStartWithAUtf8OrUtf16ByteOrderMark() throws IOException {
    String csv = "first_name\nJosé\n";
    byte[][] files = {
      concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, csv, StandardCharsets.UTF_8),
      concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, csv, StandardCharsets.UTF_16BE),
      concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, csv, StandardCharsets.UTF_16LE)
    };
    for (byte[] file : files) {
      Result result = CliProcess.runWithStdin(file, "hash", "-");

      assertThat(result.exitCode()).isZero();
      assertThat(result.stdout()).isEqualTo("FN\n" + sha256("josé") + "\n");
    }
  }

  @Test
  void showsAProgressBarOnALongFileOnlyWhenStderrIsATerminal() throws Exception {
    Path input = dir.resolve("long.csv");
    try (BufferedWriter writer = Files.newBufferedWriter(input)) {
      writer.write("email\n");
      for (int i = 0; i < 400_000; i++) {
        writer.write("user" + i + "@example.com\n");
      }
    }
    assertThat(Files.size(input)).isGreaterThan(8L << 20);
    String out = dir.resolve("h.csv").toString();

    String onTerminal = runOnATerminal("hash", input.toString(), "--out", out);
    String withoutBar = runOnATerminal("hash", input.toString(), "--out", out, "--no-progress");
    Result onAPipe = CliProcess.run("hash", input.toString(), "--out", out);

    assertThat(onTerminal).contains("hashing", "400000/? rows", "rows written: 400000");
    assertThat(withoutBar).contains("rows written: 400000").doesNotContain("hashing ");
    assertThat(onAPipe.stderr()).contains("rows written: 400000").doesNotContain("hashing ");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    assertThat(CliProcess.run("hash", "--frobnicate", EXAMPLES.toString()).exitCode()).isEqualTo(2);
  }

  @Test
  void helpShowsExamples() {
    Result result = CliProcess.run("hash", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).contains("Examples:", "--map", "--default-region");
  }

  private static byte[] concat(byte[] bom, String text, Charset charset) {
    byte[] body = text.getBytes(charset);
    byte[] all = Arrays.copyOf(bom, bom.length + body.length);
    System.arraycopy(body, 0, all, bom.length, body.length);
    return all;
  }

  /**
   * Runs matchlist with a pseudo-terminal as stdin, stdout and stderr, as in a user's shell
   * (util-linux {@code script}); returns what the terminal showed.
   */
  private String runOnATerminal(String... args) throws IOException, InterruptedException {
    StringBuilder command = new StringBuilder();
    List<String> words = new ArrayList<>();
    words.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    words.addAll(List.of("-cp", System.getProperty("java.class.path")));
    words.add(Matchlist.class.getName());
    words.addAll(List.of(args));
    for (String word : words) {
      command.append('\'').append(word.replace("'", "'\\''")).append("' ");
    }
    Path typescript = dir.resolve("typescript-" + System.nanoTime());
    Process process =
        new ProcessBuilder("script", "-qec", command.toString(), typescript.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("matchlist on a terminal did not finish");
    }
    assertThat(process.exitValue()).as("exit code under script").isZero();
    return Files.readString(typescript);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  /** The hashed row whose EXTERN_ID (first column) is {@code id}. */
  private static Optional<List<String>> row(Path hashed, String id) throws IOException {
    try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(hashed)) {
      return reader.stream()
          .filter(r -> r.getField(0).equals(id))
          .map(CsvRecord::getFields)
          .findFirst();
    }
  }

  private static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
