package dev.matchlist.core.payload;

import dev.matchlist.core.SchemaKey;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * The valid rows of a payload in compact columnar form, immutable. Every identifier column (hashed
 * or clear) holds 32 bytes per row: the SHA-256 sent, or for clear ids the SHA-256 of the
 * normalized value, so no clear value is kept. {@code LOOKALIKE_VALUE} is a {@code double}, the
 * data-processing columns small ints.
 *
 * <p>Any cell may be absent (sent as {@code ""} or {@code null}): check {@link #isPresent} before
 * reading it; an absent cell reads as zeros. Row {@code r} here is row {@link #originalRow(int)
 * originalRow(r)} of {@code payload.data}: rejected rows leave gaps in the original numbering.
 *
 * <pre>{@code
 * int email = rows.columnOf(SchemaKey.EMAIL);
 * byte[] hash = new byte[32];
 * for (int r = 0; r < rows.size(); r++) {
 *   if (rows.isPresent(email, r)) {
 *     rows.copyIdentifier(email, r, hash, 0);
 *   }
 * }
 * }</pre>
 */
public final class RowBlock {
  /** Bytes of one identifier cell. */
  public static final int IDENTIFIER_BYTES = 32;

  /** Bit of {@link #options} meaning {@code "LDU"} (Limited Data Use) was set. */
  public static final int OPTION_LDU = 1;

  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final List<SchemaKey> schema;
  private final int size;
  private final int[] originalRows;
  private final long[][] present;
  private final byte[][] identifiers;
  // Where each identifier column starts in its array: 0, or within a larger array it shares.
  private final int[] identifierOffsets;
  private final double[][] numbers;
  private final int[][] ints;

  RowBlock(
      List<SchemaKey> schema,
      int size,
      int[] originalRows,
      long[][] present,
      byte[][] identifiers,
      int[] identifierOffsets,
      double[][] numbers,
      int[][] ints) {
    this.schema = schema;
    this.size = size;
    this.originalRows = originalRows;
    this.present = present;
    this.identifiers = identifiers;
    this.identifierOffsets = identifierOffsets;
    this.numbers = numbers;
    this.ints = ints;
  }

  /**
   * A block rebuilt from its columns, e.g. decoded from the server's intake log. Per column {@code
   * c}: {@code present[c]} holds at least {@code ceil(size / 64)} words; an identifier column
   * (HASH, CLEAR_ID) has at least {@code size * 32} bytes of {@code identifiers[c]} from {@code
   * identifierOffsets[c]} on (columns may be slices of one larger array, such as an intake-log
   * entry, read in place instead of copied), a NUMBER column {@code numbers[c]}, an INTEGER or
   * OPTIONS column {@code ints[c]}, each of at least {@code size} values; the other slots of a
   * column are null (and offset 0). The arrays are taken over, not copied: the caller must not
   * change them afterwards.
   *
   * @throws IllegalArgumentException when an array is missing or too short for its column
   */
  public static RowBlock of(
      List<SchemaKey> schema,
      int size,
      int[] originalRows,
      long[][] present,
      byte[][] identifiers,
      int[] identifierOffsets,
      double[][] numbers,
      int[][] ints) {
    int columns = schema.size();
    if (size < 0 || originalRows.length < size) {
      throw new IllegalArgumentException("originalRows holds fewer than " + size + " rows");
    }
    if (present.length != columns
        || identifiers.length != columns
        || identifierOffsets.length != columns
        || numbers.length != columns
        || ints.length != columns) {
      throw new IllegalArgumentException("every column array needs one slot per schema key");
    }
    for (int c = 0; c < columns; c++) {
      requireLength(present[c], present[c] == null ? 0 : present[c].length, (size + 63) / 64, c);
      switch (schema.get(c).cellKind()) {
        case HASH, CLEAR_ID ->
            requireLength(
                identifiers[c],
                identifiers[c] == null || identifierOffsets[c] < 0
                    ? 0
                    : identifiers[c].length - identifierOffsets[c],
                size * IDENTIFIER_BYTES,
                c);
        case NUMBER ->
            requireLength(numbers[c], numbers[c] == null ? 0 : numbers[c].length, size, c);
        case INTEGER, OPTIONS ->
            requireLength(ints[c], ints[c] == null ? 0 : ints[c].length, size, c);
      }
    }
    return new RowBlock(
        List.copyOf(schema),
        size,
        originalRows,
        present,
        identifiers,
        identifierOffsets,
        numbers,
        ints);
  }

  private static void requireLength(Object array, int length, int needed, int column) {
    if (array == null || length < needed) {
      throw new IllegalArgumentException(
          "column " + column + " needs an array of at least " + needed + " values");
    }
  }

  /** Number of valid rows. */
  public int size() {
    return size;
  }

  /** The columns, in schema order. */
  public List<SchemaKey> schema() {
    return schema;
  }

  /** The column index of {@code key}, or -1 when the schema does not name it. */
  public int columnOf(SchemaKey key) {
    return schema.indexOf(key);
  }

  /** The 0-based index in {@code payload.data} of valid row {@code row}. */
  public int originalRow(int row) {
    checkRow(row);
    return originalRows[row];
  }

  /** Whether the cell holds a value (false when it was sent as {@code ""} or {@code null}). */
  public boolean isPresent(int column, int row) {
    checkRow(row);
    return (present[column][row >>> 6] & (1L << row)) != 0;
  }

  /**
   * Copies the 32 bytes of an identifier cell into {@code out[outOffset..outOffset+32)}.
   *
   * @throws IllegalArgumentException when the column is not an identifier column
   */
  public void copyIdentifier(int column, int row, byte[] out, int outOffset) {
    System.arraycopy(
        identifierColumn(column), offsetOf(column, row), out, outOffset, IDENTIFIER_BYTES);
  }

  /** Puts the identifier column's cells, 32 bytes per row in row order, into {@code out}. */
  public void copyIdentifiers(int column, ByteBuffer out) {
    out.put(identifierColumn(column), identifierOffsets[column], size * IDENTIFIER_BYTES);
  }

  /** The first 8 bytes of an identifier cell as a big-endian long: a ready-made hash-table key. */
  public long identifierPrefix(int column, int row) {
    return (long) LONG_BE.get(identifierColumn(column), offsetOf(column, row));
  }

  /** Whether an identifier cell equals the 32 bytes at {@code other[otherOffset..)}. */
  public boolean identifierEquals(int column, int row, byte[] other, int otherOffset) {
    int from = offsetOf(column, row);
    return Arrays.equals(
        identifierColumn(column),
        from,
        from + IDENTIFIER_BYTES,
        other,
        otherOffset,
        otherOffset + IDENTIFIER_BYTES);
  }

  /** A {@code NUMBER} cell ({@code LOOKALIKE_VALUE}): finite and non-negative; 0 when absent. */
  public double number(int column, int row) {
    checkRow(row);
    double[] values = numbers[column];
    if (values == null) {
      throw notA(column, "a number");
    }
    return values[row];
  }

  /** An {@code INTEGER} cell (the data-processing country or state code); 0 when absent. */
  public int integer(int column, int row) {
    checkRow(row);
    if (schema.get(column).cellKind() != SchemaKey.CellKind.INTEGER) {
      throw notA(column, "an integer");
    }
    return ints[column][row];
  }

  /** An {@code OPTIONS} cell as bits, e.g. {@link #OPTION_LDU}; 0 for {@code []} or absent. */
  public int options(int column, int row) {
    checkRow(row);
    if (schema.get(column).cellKind() != SchemaKey.CellKind.OPTIONS) {
      throw notA(column, "an options");
    }
    return ints[column][row];
  }

  private byte[] identifierColumn(int column) {
    byte[] bytes = identifiers[column];
    if (bytes == null) {
      throw notA(column, "an identifier");
    }
    return bytes;
  }

  private int offsetOf(int column, int row) {
    checkRow(row);
    return identifierOffsets[column] + row * IDENTIFIER_BYTES;
  }

  private void checkRow(int row) {
    if (row < 0 || row >= size) {
      throw new IndexOutOfBoundsException("row " + row + " of " + size);
    }
  }

  private IllegalArgumentException notA(int column, String what) {
    return new IllegalArgumentException(
        "column " + column + " (" + schema.get(column) + ") is not " + what + " column");
  }
}
