package dev.matchlist.client;

import dev.matchlist.core.Hex;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The hashed wire form of the cells a column saw last, for the columns whose values repeat from row
 * to row — first and last names, cities, states, zips, countries, birth dates, genders — so that a
 * common name is normalized and hashed once per thread, not once per row. A direct-mapped table: a
 * cell evicts whatever held its slot. Not thread-safe: one per column per encoding thread.
 *
 * <p>The row's COUNTRY is part of what is remembered because it decides the ZIP and ST rules.
 */
final class RepeatedCells {
  private static final int SLOTS = 1024; // a power of two
  private static final int HEX = Hex.SHA256_HEX_LENGTH;

  private final @Nullable String[] cells = new String[SLOTS];
  private final @Nullable String[] countries = new String[SLOTS];
  private final byte[] wire = new byte[SLOTS * HEX];

  /** Where {@code cell} of a row in {@code country} is remembered, or would be. */
  private static int slotOf(String cell, @Nullable String country) {
    int h = cell.hashCode() * 31 + Objects.hashCode(country);
    return (h ^ (h >>> 16)) & (SLOTS - 1);
  }

  /** Appends the remembered hex of this cell to {@code out}; false when it is not remembered. */
  boolean copyTo(String cell, @Nullable String country, Bytes out) {
    int slot = slotOf(cell, country);
    if (!cell.equals(cells[slot]) || !Objects.equals(country, countries[slot])) {
      return false;
    }
    out.write(wire, slot * HEX, HEX);
    return true;
  }

  /** Remembers the hex just written to {@code written} at {@code from} as this cell's. */
  void remember(String cell, @Nullable String country, Bytes written, int from) {
    int slot = slotOf(cell, country);
    System.arraycopy(written.array(), from, wire, slot * HEX, HEX);
    cells[slot] = cell;
    countries[slot] = country;
  }
}
