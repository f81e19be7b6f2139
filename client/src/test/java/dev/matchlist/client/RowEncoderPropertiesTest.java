package dev.matchlist.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.normalize.Normalized;
import dev.matchlist.core.normalize.Normalizer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The encoder's fast path (normalize, then hash straight into the request bytes) against the plain
 * formulation ({@link Normalizer#toWire} cell by cell, as {@code matchlist hash} does it), over
 * seeded random rows that look like customer data.
 */
class RowEncoderPropertiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<SchemaKey> SCHEMA =
      List.of(
          SchemaKey.EMAIL,
          SchemaKey.PHONE,
          SchemaKey.FN,
          SchemaKey.COUNTRY,
          SchemaKey.ZIP,
          SchemaKey.EXTERN_ID,
          SchemaKey.LOOKALIKE_VALUE);
  private static final String[] FRAGMENTS = {
    "@",
    ".",
    "-",
    "+",
    " ",
    "  ",
    "\t",
    "mary",
    "Mary",
    "O'Brien",
    "Éloïse",
    "Müller",
    "王芳",
    "İ",
    "ß",
    "example.com",
    "gmail.com",
    "+1",
    "+49",
    "555",
    "(030)",
    "123",
    "4567",
    "DE",
    "us",
    "United States",
    "12345",
    "-6789",
    "M1 1AE",
    "44.5",
    "1e3",
    "NaN",
    "\u0301",
    "\u200b",
    "\"",
    "\\",
    "&",
    "=",
    "%",
    "c-17",
    "F1904CF1A9B7D5A6C8E0F1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6",
    "f1904cf1a9b7d5a6c8e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6"
  };

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void theFastPathWritesWhatToWireSaysInJson(long seed) throws Exception {
    checkAgainstToWire(seed, PayloadSyntax.JSON);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void theFastPathWritesWhatToWireSaysFormEncoded(long seed) throws Exception {
    checkAgainstToWire(seed, PayloadSyntax.FORM);
  }

  /**
   * Names, zips and countries repeat in real files, and the encoder remembers their hashes per
   * column; a remembered cell must come out as its own row (its COUNTRY) says, chunk after chunk.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void repeatedCellsComeOutAsTheirOwnRowSays(long seed) throws Exception {
    String[] few = {
      "Mary", "Müller", "12345-6789", "M1 1AE", "us", "DE", "United States", "", "1 2"
    };
    checkAgainstToWire(seed, PayloadSyntax.JSON, random -> few[random.nextInt(few.length)]);
  }

  private static void checkAgainstToWire(long seed, PayloadSyntax syntax) throws Exception {
    checkAgainstToWire(seed, syntax, RowEncoderPropertiesTest::randomCell);
  }

  private static void checkAgainstToWire(
      long seed, PayloadSyntax syntax, Function<Random, String> cells) throws Exception {
    Random random = new Random(seed);
    Normalizer normalizer = Normalizer.builder().defaultRegion("US").build();
    List<List<String>> rows = new ArrayList<>();
    for (int r = 0; r < 500; r++) {
      List<String> row = new ArrayList<>();
      for (int c = 0; c < SCHEMA.size(); c++) {
        row.add(cells.apply(random));
      }
      rows.add(row);
    }
    IteratorCustomerRecords source = new IteratorCustomerRecords(SCHEMA, rows.iterator(), false);
    RowEncoder encoder = new RowEncoder(normalizer, source, syntax);

    List<List<String>> encoded = new ArrayList<>();
    long invalid = 0;
    for (int done = 0; done < rows.size(); done += 100) { // chunks on one thread, as uploads do
      EncodedChunk chunk = encoder.encode(source.next(100));
      encoded.addAll(decode(chunk, syntax));
      for (long count : chunk.invalidByKey) {
        invalid += count;
      }
    }

    List<List<String>> expected = new ArrayList<>();
    long expectedInvalid = 0;
    for (List<String> row : rows) {
      String country = row.get(3).isBlank() ? null : row.get(3);
      List<String> wire = new ArrayList<>();
      boolean identifier = false;
      for (int c = 0; c < SCHEMA.size(); c++) {
        String cell = row.get(c);
        if (cell.isBlank()) {
          wire.add("");
          continue;
        }
        Normalized result = normalizer.toWire(SCHEMA.get(c), cell, country);
        wire.add(result.isValid() ? result.value() : "");
        if (result.isValid()) {
          identifier |= SCHEMA.get(c).isIdentifier();
        } else {
          expectedInvalid++;
        }
      }
      if (identifier) {
        expected.add(wire);
      }
    }
    assertThat(encoded).as("seed %d", seed).isEqualTo(expected);
    assertThat(invalid).as("seed %d", seed).isEqualTo(expectedInvalid);
  }

  private static String randomCell(Random random) {
    if (random.nextInt(6) == 0) {
      return "";
    }
    StringBuilder cell = new StringBuilder();
    int parts = 1 + random.nextInt(4);
    for (int i = 0; i < parts; i++) {
      cell.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
    }
    return cell.toString();
  }

  /** The chunk's rows as text cells (numbers as their JSON text). */
  private static List<List<String>> decode(EncodedChunk chunk, PayloadSyntax syntax)
      throws Exception {
    List<List<String>> rows = new ArrayList<>();
    for (int r = 0; r < chunk.count(); r++) {
      String encoded =
          new String(
              chunk.bytes.array(),
              chunk.start(r),
              chunk.end(r) - chunk.start(r),
              syntax == PayloadSyntax.FORM ? StandardCharsets.US_ASCII : StandardCharsets.UTF_8);
      JsonNode row =
          JSON.readTree(
              syntax == PayloadSyntax.FORM
                  ? URLDecoder.decode(encoded, StandardCharsets.UTF_8)
                  : encoded);
      List<String> cells = new ArrayList<>();
      row.forEach(cell -> cells.add(cell.isNumber() ? cell.asText() : cell.textValue()));
      rows.add(cells);
    }
    return rows;
  }
}
