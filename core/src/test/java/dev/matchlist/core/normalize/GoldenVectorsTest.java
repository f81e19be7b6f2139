package dev.matchlist.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.core.SchemaKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashSet;
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

  /**
   * Every reason a rule gives for rejecting a value. A rule that gains a reason adds it here, and
   * the golden file then needs a row for it: the SDK and the server must reject the same values.
   */
  private static final List<String> EVERY_REJECTION_REASON =
      List.of(
          "empty",
          "not an email address: no @",
          "not an email address: more than one @",
          "not an email address: nothing before @",
          "not an email address: contains spaces or control characters",
          "not an email address: domain has no dot",
          "not an email address: domain starts with a dot",
          "not an email address: empty domain label",
          "not an email address: broken Unicode",
          "not a phone number",
          "no country code; set COUNTRY or a default region",
          "unknown country code",
          "too short: local number without area code",
          "too short for its country",
          "too long for its country",
          "wrong length for its country",
          "no letters",
          "unknown country",
          "not a US ZIP code",
          "not a US ZIP code (5 digits, or ZIP+4)",
          "too short",
          "not a date",
          "not a date: no such day",
          "year must have 4 digits",
          "year outside 1900-" + Year.now(ZoneOffset.UTC).getValue(),
          "month must be 1-12 or a month name",
          "day must be 1-31",
          "not m or f",
          "not a device id (8-4-4-4-12 hex)",
          "all-zero device id (ad tracking limited)",
          "broken Unicode",
          "not a numeric id",
          "not a number",
          "negative value",
          "value too large",
          "data processing option must be LDU or []",
          "data processing country must be 0 or 1",
          "data processing state must be 0 or 1000-1013");

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
  void goldenFileHasARejectionRowForEveryReasonTheRulesGive() throws IOException {
    Set<String> reasons = new HashSet<>();
    for (Row row : rows()) {
      if (row.normalized().equals("REJECT")) {
        String country = row.country().isEmpty() ? null : row.country();
        reasons.add(NORMALIZER.normalize(row.key(), row.raw(), country).reason());
      }
    }

    assertThat(reasons).containsAll(EVERY_REJECTION_REASON);
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
