package dev.matchlist.core.payload;

import dev.matchlist.core.SchemaKey;
import java.util.Arrays;
import java.util.List;

/**
 * Writes rows into the columns of a {@link RowBlock} in place. A row is written cell by cell into
 * the slot after the last kept row and only kept by {@link #commitRow}; a rejected row is simply
 * overwritten by the next one, so rejecting costs nothing.
 */
final class RowBlockBuilder {
  private final List<SchemaKey> schema;
  private final int columns;
  private int capacity;
  private int size;
  private int[] originalRows;
  private final long[][] present;
  private final byte[][] identifiers;
  private final double[][] numbers;
  private final int[][] ints;

  RowBlockBuilder(List<SchemaKey> schema, int initialCapacity) {
    this.schema = schema;
    this.columns = schema.size();
    this.capacity = Math.max(1, initialCapacity);
    this.originalRows = new int[capacity];
    this.present = new long[columns][];
    this.identifiers = new byte[columns][];
    this.numbers = new double[columns][];
    this.ints = new int[columns][];
    for (int c = 0; c < columns; c++) {
      present[c] = new long[words(capacity)];
      switch (schema.get(c).cellKind()) {
        case HASH, CLEAR_ID -> identifiers[c] = new byte[capacity * RowBlock.IDENTIFIER_BYTES];
        case NUMBER -> numbers[c] = new double[capacity];
        case INTEGER, OPTIONS -> ints[c] = new int[capacity];
      }
    }
  }

  /** Prepares the slot of the next row: all its cells absent until set. */
  void beginRow() {
    if (size == capacity) {
      grow();
    }
    int word = size >>> 6;
    long clear = ~(1L << size);
    for (int c = 0; c < columns; c++) {
      present[c][word] &= clear;
    }
  }

  /** The identifier column array to decode a cell of the current row into, at {@link #slot()}. */
  byte[] identifierColumn(int column) {
    return identifiers[column];
  }

  /** Offset of the current row's cell in an identifier column array. */
  int slot() {
    return size * RowBlock.IDENTIFIER_BYTES;
  }

  void markPresent(int column) {
    present[column][size >>> 6] |= 1L << size;
  }

  boolean isPresentInCurrentRow(int column) {
    return (present[column][size >>> 6] & (1L << size)) != 0;
  }

  /** Zeroes the current row's identifier cell, so that an absent cell reads as zeros. */
  void clearIdentifier(int column) {
    int from = slot();
    Arrays.fill(identifiers[column], from, from + RowBlock.IDENTIFIER_BYTES, (byte) 0);
  }

  void setNumber(int column, double value) {
    numbers[column][size] = value;
  }

  void setInt(int column, int value) {
    ints[column][size] = value;
  }

  /** Keeps the current row. */
  void commitRow(int originalRow) {
    originalRows[size] = originalRow;
    size++;
  }

  RowBlock build() {
    return new RowBlock(
        schema, size, originalRows, present, identifiers, new int[schema.size()], numbers, ints);
  }

  private void grow() {
    int newCapacity = Math.min(capacity * 2, PayloadParser.MAX_ROWS);
    if (newCapacity <= capacity) {
      newCapacity = capacity + 1; // the row limit is enforced by the reader, not here
    }
    capacity = newCapacity;
    originalRows = Arrays.copyOf(originalRows, capacity);
    for (int c = 0; c < columns; c++) {
      present[c] = Arrays.copyOf(present[c], words(capacity));
      if (identifiers[c] != null) {
        identifiers[c] = Arrays.copyOf(identifiers[c], capacity * RowBlock.IDENTIFIER_BYTES);
      }
      if (numbers[c] != null) {
        numbers[c] = Arrays.copyOf(numbers[c], capacity);
      }
      if (ints[c] != null) {
        ints[c] = Arrays.copyOf(ints[c], capacity);
      }
    }
  }

  private static int words(int rows) {
    return (rows + 63) >>> 6;
  }
}
