package dev.matchlist.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.core.SchemaKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every row of {@code testdata/normalization-golden-v1.tsv}: the contract the SDK and the server
 * share. Expected hashes there were computed outside this code base (Python's hashlib).
 */
class GoldenVectorsTest {
  private static final Normalizer NORMALIZER = Normalizer.standard();

  record Row(int line, SchemaKey key, String raw, String country, String normalized, String wire) {
    @Override
    public String toString() {
      return "line " + line + " " + key + " " + TestData.escape(raw) + " [" + country + "]";
    }
  }

  static List<Row> rows() throws IOException {
    List<String> lines =
        Files.readAllLines(
            TestData.dir().resolve("normalization-golden-v1.tsv"), StandardCharsets.UTF_8);
    assertThat(lines.get(0)).startsWith("# normalization-golden v1.");
    Stream.Builder<Row> rows = Stream.builder();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("#") || line.startsWith("key\t") || line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      assertThat(f).as("line %d has 5 fields", i + 1).hasSize(5);
      rows.add(
          new Row(
              i + 1,
              SchemaKey.valueOf(f[0]),
              TestData.unescape(f[1]),
              TestData.unescape(f[2]),
              f[3],
              f[4]));
    }
    return rows.build().toList();
  }

  @TestFactory
  Stream<DynamicTest> everyGoldenRowNormalizesAndHashesAsRecorded() throws IOException {
    return rows().stream().map(row -> DynamicTest.dynamicTest(row.toString(), () -> check(row)));
  }

  private static void check(Row row) {
    String country = row.country().isEmpty() ? null : row.country();
    Normalized normalized = NORMALIZER.normalize(row.key(), row.raw(), country);
    Normalized wire = NORMALIZER.toWire(row.key(), row.raw(), country);
    if (row.normalized().equals("REJECT")) {
      assertThat(normalized.reason()).as("normalize reason").isNotNull().contains(row.wire());
      assertThat(wire.reason()).as("toWire reason").isNotNull().contains(row.wire());
      return;
    }
    if (!row.normalized().isEmpty()) {
      assertThat(normalized.reason()).as("normalize rejected it").isNull();
      assertThat(normalized.value()).as("normalized").isEqualTo(row.normalized());
    }
    assertThat(wire.reason()).as("toWire rejected it").isNull();
    assertThat(wire.value()).as("wire").isEqualTo(row.wire());
  }

  @Test
  void goldenFileHasAtLeast300RowsCoveringEveryKey() throws IOException {
    List<Row> rows = rows();
    Set<SchemaKey> keys = EnumSet.noneOf(SchemaKey.class);
    rows.forEach(r -> keys.add(r.key()));

    assertThat(rows).hasSizeGreaterThanOrEqualTo(300);
    assertThat(keys).containsExactlyInAnyOrder(SchemaKey.values());
  }

  @Test
  void goldenFileHoldsMetasTwoPublishedVectors() throws IOException {
    assertThat(rows())
        .anyMatch(
            r ->
                r.raw().equals("mary@example.com")
                    && r.wire()
                        .equals("f1904cf1a9d73a55fa5de0ac823c4403ded71afd4c3248d00bdcd0866552bb79"))
        .anyMatch(
            r ->
                r.raw().equals("15559876543")
                    && r.country().isEmpty()
                    && r.wire()
                        .equals(
                            "1ef970831d7963307784fa8688e8fce101a15685d62aa765fed23f3a2c576a4e"));
  }
}
