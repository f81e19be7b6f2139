package dev.matchlist.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.columns.ColumnMapping;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomerRecordsTest {
  @TempDir Path dir;

  @Test
  void headersAreMatchedToKeysAndAWholeDateFeedsThreeKeys() throws Exception {
    Path file =
        Files.writeString(dir.resolve("a.csv"), "\uFEFFE-Mail,dob,notes\nx@y.z,1990-05-17,n\n");

    try (CustomerRecords records = CustomerRecords.csv(file)) {
      assertThat(records.schema())
          .containsExactly(SchemaKey.EMAIL, SchemaKey.DOBY, SchemaKey.DOBM, SchemaKey.DOBD);
      RowSource source = (RowSource) records;
      assertThat(source.columns()).containsExactly(0, 1, 1, 1);
      assertThat(source.fieldCount()).isEqualTo(3);
    }
  }

  @Test
  void aMappingWithOverridesDecidesTheColumns() throws Exception {
    Path file = Files.writeString(dir.resolve("b.csv"), "Mail Address,tel\nx@y.z,123\n");
    ColumnMapping mapping =
        ColumnMapping.of(
            List.of("Mail Address", "tel"), Map.of("Mail Address", "EMAIL", "tel", "SKIP"));

    try (CustomerRecords records = CustomerRecords.csv(file, mapping)) {
      assertThat(records.schema()).containsExactly(SchemaKey.EMAIL);
    }
  }

  @Test
  void aMappingMadeForAnotherHeaderIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("c.csv"), "email,phone,extra\na,b,c\n");
    ColumnMapping mapping = ColumnMapping.of(List.of("email", "phone"));

    assertThatThrownBy(() -> CustomerRecords.csv(file, mapping))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 3");
  }

  @Test
  void aFileWithoutAnyKeyColumnIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("d.csv"), "notes,comment\na,b\n");

    assertThatThrownBy(() -> CustomerRecords.csv(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no column");
  }

  @Test
  void anEmptyFileHasNoHeader() throws Exception {
    Path file = Files.writeString(dir.resolve("e.csv"), "");

    assertThatThrownBy(() -> CustomerRecords.csv(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no header row");
  }

  @Test
  void aMissingFileIsAnIoError() {
    assertThatThrownBy(() -> CustomerRecords.csv(dir.resolve("missing.csv")))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void theEstimateCountsDataLinesWithOrWithoutAFinalNewline() throws Exception {
    Path withNewline = Files.writeString(dir.resolve("f.csv"), "email\na\nb\nc\n");
    Path without = Files.writeString(dir.resolve("g.csv"), "email\na\nb\nc");

    try (CustomerRecords a = CustomerRecords.csv(withNewline);
        CustomerRecords b = CustomerRecords.csv(without)) {
      assertThat(a.estimatedRows()).hasValue(3);
      assertThat(b.estimatedRows()).hasValue(3);
    }
  }

  @Test
  void iteratorRowsHaveNoEstimateAndTheirRowNumberAsLine() {
    CustomerRecords records =
        CustomerRecords.of(
            List.of(SchemaKey.EMAIL), List.of(List.of("a"), List.of("b")).iterator());

    assertThat(records.estimatedRows()).isEmpty();
    RawChunk chunk = ((RowSource) records).next(10);
    assertThat(chunk.line(0)).isEqualTo(1);
    assertThat(chunk.line(1)).isEqualTo(2);
  }

  @Test
  void aSchemaNamingAKeyTwiceIsRefused() {
    assertThatThrownBy(
            () ->
                CustomerRecords.of(
                    List.of(SchemaKey.EMAIL, SchemaKey.EMAIL), List.<List<String>>of().iterator()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bytesThatAreNotUtf8FailTheReadInsteadOfBecomingReplacementCharacters() throws Exception {
    // Latin-1 "José": decoded leniently it would be hashed as "jos\uFFFD". The reader decodes
    // ahead, so a small file fails as it opens, a big one where the bad bytes come.
    Path file = dir.resolve("latin1.csv");
    Files.write(file, "first_name,email\nAnn,a@b.org\nJos\u00e9,j@b.org\n".getBytes(ISO_8859_1));

    assertThatThrownBy(
            () -> {
              try (CustomerRecords records = CustomerRecords.csv(file)) {
                ((RowSource) records).next(10);
              }
            })
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage(CustomerText.NOT_TEXT);
  }

  @Test
  void utf16AndUtf8FilesWithAByteOrderMarkAreRead() throws Exception {
    String text = "\uFEFFfirst_name,email\nJos\u00e9,j@b.org\n";
    Path utf16 = Files.write(dir.resolve("utf16.csv"), text.getBytes(UTF_16LE));
    Path utf8 = Files.write(dir.resolve("utf8.csv"), text.getBytes(UTF_8));

    for (Path file : List.of(utf16, utf8)) {
      try (CustomerRecords records = CustomerRecords.csv(file)) {
        assertThat(records.schema()).containsExactly(SchemaKey.FN, SchemaKey.EMAIL);
        RawChunk.Csv chunk = (RawChunk.Csv) ((RowSource) records).next(10);
        assertThat(chunk.records.get(0).getFields()).containsExactly("Jos\u00e9", "j@b.org");
      }
    }
  }
}
