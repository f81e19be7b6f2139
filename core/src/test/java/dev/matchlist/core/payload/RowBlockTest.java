package dev.matchlist.core.payload;

import static dev.matchlist.core.payload.PayloadParserShapesTest.H1;
import static dev.matchlist.core.payload.PayloadParserShapesTest.H2;
import static dev.matchlist.core.payload.PayloadParserShapesTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.matchlist.core.SchemaKey;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RowBlockTest {
  private final RowBlock rows;

  RowBlockTest() throws Exception {
    rows =
        new PayloadParser()
            .parse(
                "{\"schema\":[\"EMAIL\",\"LOOKALIKE_VALUE\"],\"data\":[[\""
                    + H1
                    + "\",1.5],[\""
                    + H2
                    + "\",\"\"]]}")
            .rows();
  }

  @Test
  void columnOfFindsKeysByResolvedName() {
    assertThat(rows.columnOf(SchemaKey.LOOKALIKE_VALUE)).isEqualTo(1);
    assertThat(rows.columnOf(SchemaKey.PHONE)).isEqualTo(-1);
  }

  @Test
  void identifierPrefixIsTheFirstEightBytesBigEndian() {
    long expected = ByteBuffer.wrap(bytes(H2)).getLong();

    assertThat(rows.identifierPrefix(0, 1)).isEqualTo(expected);
  }

  @Test
  void identifierEqualsComparesAllThirtyTwoBytesAtAnOffset() {
    byte[] other = new byte[40];
    System.arraycopy(bytes(H1), 0, other, 8, 32);

    assertThat(rows.identifierEquals(0, 0, other, 8)).isTrue();
    other[39] ^= 1;
    assertThat(rows.identifierEquals(0, 0, other, 8)).isFalse();
  }

  @Test
  void copyIdentifierWritesAtTheCallersOffset() {
    byte[] out = new byte[34];

    rows.copyIdentifier(0, 0, out, 2);

    assertThat(ByteBuffer.wrap(out, 2, 32)).isEqualTo(ByteBuffer.wrap(bytes(H1)));
  }

  @Test
  void absentNumberReadsAsZero() {
    assertThat(rows.isPresent(1, 1)).isFalse();
    assertThat(rows.number(1, 1)).isZero();
  }

  @Test
  void readingAColumnAsTheWrongKindNamesTheColumn() {
    assertThatThrownBy(() -> rows.copyIdentifier(1, 0, new byte[32], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column 1 (LOOKALIKE_VALUE) is not an identifier column");
    assertThatThrownBy(() -> rows.number(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> rows.options(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rowsOutsideTheBlockAreRefused() {
    assertThatThrownBy(() -> rows.isPresent(0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> rows.originalRow(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void ofRebuildsABlockFromItsColumns() {
    byte[] hashes = new byte[64];
    System.arraycopy(bytes(H2), 0, hashes, 32, 32);
    RowBlock rebuilt =
        RowBlock.of(
            java.util.List.of(SchemaKey.EMAIL, SchemaKey.LOOKALIKE_VALUE),
            2,
            new int[] {3, 7},
            new long[][] {{0b10L}, {0b11L}},
            new byte[][] {hashes, null},
            new int[2],
            new double[][] {null, {0.5, 2.0}},
            new int[][] {null, null});

    assertThat(rebuilt.isPresent(0, 0)).isFalse();
    assertThat(rebuilt.identifierEquals(0, 1, bytes(H2), 0)).isTrue();
    assertThat(rebuilt.number(1, 1)).isEqualTo(2.0);
    assertThat(rebuilt.originalRow(1)).isEqualTo(7);
  }

  @Test
  void ofRefusesAColumnArrayTooShortForTheRows() {
    assertThatThrownBy(
            () ->
                RowBlock.of(
                    java.util.List.of(SchemaKey.EMAIL),
                    2,
                    new int[] {0, 1},
                    new long[][] {{0b11L}},
                    new byte[][] {new byte[32]},
                    new int[1],
                    new double[][] {null},
                    new int[][] {null}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 0 needs an array of at least 64");
  }

  @Test
  void identifierColumnsMayBeSlicesOfOneSharedArray() {
    // two columns of one row each, at 8 and 40 of one array, as an intake-log entry holds them
    byte[] shared = new byte[80];
    System.arraycopy(bytes(H1), 0, shared, 8, 32);
    System.arraycopy(bytes(H2), 0, shared, 40, 32);
    RowBlock sliced =
        RowBlock.of(
            java.util.List.of(SchemaKey.EMAIL, SchemaKey.PHONE),
            1,
            new int[] {0},
            new long[][] {{1L}, {1L}},
            new byte[][] {shared, shared},
            new int[] {8, 40},
            new double[][] {null, null},
            new int[][] {null, null});
    byte[] copied = new byte[32];
    sliced.copyIdentifier(1, 0, copied, 0);

    assertThat(sliced.identifierEquals(0, 0, bytes(H1), 0)).isTrue();
    assertThat(copied).isEqualTo(bytes(H2));
    assertThatThrownBy(
            () ->
                RowBlock.of(
                    java.util.List.of(SchemaKey.EMAIL),
                    1,
                    new int[] {0},
                    new long[][] {{1L}},
                    new byte[][] {shared},
                    new int[] {50},
                    new double[][] {null},
                    new int[][] {null}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 0 needs an array of at least 32");
  }
}
