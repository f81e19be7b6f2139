package dev.matchlist.client;

import dev.matchlist.core.Hex;
import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.normalize.Normalized;
import dev.matchlist.core.normalize.Normalizer;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Normalizes, hashes and writes in the body's {@link PayloadSyntax} the rows of a {@link RawChunk},
 * with the semantics of {@code matchlist hash}: the row's COUNTRY cell sets the phone region; a
 * blank cell is sent empty; a cell the normalizer rejects is sent empty and counted with its line,
 * column and reason (never its value); a value that is SHA-256 hex already passes through; a row
 * with another field count than the header's, or without any valid identifier left, is not sent.
 *
 * <p>Thread-safe: chunks are encoded on several threads at once. The digest is written as hex
 * straight into the chunk's bytes (one {@link MessageDigest} and buffers per thread), so a hashed
 * cell costs the normalizer's strings and nothing more.
 */
final class RowEncoder {
  private static final String NOT_HASHED =
      "not a 64-character hex SHA-256; did you forget to hash?";
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private final Normalizer normalizer;
  private final SchemaKey[] keys;
  private final SchemaKey.CellKind[] kinds;
  private final int[] columns;
  private final List<String> columnNames;
  private final int countryColumn;
  private final int fieldCount;
  private final boolean prehashed;
  private final PayloadSyntax syntax;
  // per thread: a column's array slot is null unless its values repeat (see RepeatedCells)
  private final ThreadLocal<@Nullable RepeatedCells[]> repeatedCells =
      ThreadLocal.withInitial(this::newRepeatedCells);

  RowEncoder(Normalizer normalizer, RowSource source, PayloadSyntax syntax) {
    this.normalizer = normalizer;
    this.syntax = syntax;
    this.keys = source.schema().toArray(new SchemaKey[0]);
    this.kinds = new SchemaKey.CellKind[keys.length];
    for (int i = 0; i < keys.length; i++) {
      kinds[i] = keys[i].cellKind();
    }
    this.columns = source.columns();
    this.columnNames = source.columnNames();
    this.countryColumn = source.countryColumn();
    this.fieldCount = source.fieldCount();
    this.prehashed = source.prehashed();
  }

  private @Nullable RepeatedCells[] newRepeatedCells() {
    @Nullable RepeatedCells[] byColumn = new RepeatedCells[keys.length];
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].isHashed() && keys[i].strength() == SchemaKey.Strength.PART) {
        byColumn[i] = new RepeatedCells();
      }
    }
    return byColumn;
  }

  EncodedChunk encode(RawChunk chunk) {
    return encode(chunk, new Bytes(chunk.size() * (8 + keys.length * 74)));
  }

  /** Encodes {@code chunk} into {@code buffer}, which is cleared first. */
  EncodedChunk encode(RawChunk chunk, Bytes buffer) {
    int size = chunk.size();
    EncodedChunk out = new EncodedChunk(buffer, size, keys.length, chunk.firstOrdinal + size);
    Scratch scratch = SCRATCH.get();
    for (int r = 0; r < size; r++) {
      encodeRow(chunk, r, out, scratch);
    }
    return out;
  }

  private void encodeRow(RawChunk chunk, int r, EncodedChunk out, Scratch scratch) {
    out.rowsRead++;
    int fields = chunk.fieldCount(r);
    if (fields != fieldCount) {
      out.rowsDropped++;
      out.sample(
          new InvalidSample(
              chunk.line(r),
              "",
              null,
              fields + (fields == 1 ? " field" : " fields") + ", the header has " + fieldCount));
      return;
    }
    @Nullable String country = countryColumn < 0 ? null : chunk.field(r, countryColumn);
    if (country != null && country.isBlank()) {
      country = null;
    }
    Bytes bytes = out.bytes;
    int mark = bytes.size();
    boolean hasIdentifier = false;
    bytes.write(syntax.openRow);
    for (int i = 0; i < keys.length; i++) {
      if (i > 0) {
        bytes.write(syntax.comma);
      }
      String cell = chunk.field(r, columns[i]);
      if (cell.isBlank()) {
        syntax.emptyCell(bytes);
        continue;
      }
      String reason =
          kinds[i] == SchemaKey.CellKind.HASH
              ? writeHashed(bytes, i, cell, country, scratch)
              : writeClear(bytes, i, cell, country);
      if (reason == null) {
        hasIdentifier |= keys[i].isIdentifier();
      } else {
        out.invalidByKey[i]++;
        out.sample(new InvalidSample(chunk.line(r), columnNames.get(i), keys[i], reason));
      }
    }
    if (!hasIdentifier) {
      bytes.truncate(mark);
      out.rowsDropped++;
      out.sample(new InvalidSample(chunk.line(r), "", null, "no valid identifier"));
      return;
    }
    bytes.write(syntax.closeRow);
    out.rowEnded(chunk.firstOrdinal + r);
  }

  /** Writes the quoted hex cell, or an empty one; returns the reason when the value is invalid. */
  private @Nullable String writeHashed(
      Bytes bytes, int column, String cell, @Nullable String country, Scratch scratch) {
    SchemaKey key = keys[column];
    bytes.write(syntax.quote);
    try {
      if (prehashed) {
        String hex = cell.strip();
        if (!Hex.isSha256Hex(hex)) {
          return NOT_HASHED;
        }
        bytes.writeAscii(hex.toLowerCase(Locale.ROOT));
        return null;
      }
      if (cell.length() >= Hex.SHA256_HEX_LENGTH) {
        // Long enough to be a hash already: the normalizer's own detection decides.
        Normalized wire = normalizer.toWire(key, cell, country);
        if (!wire.isValid()) {
          return wire.reason();
        }
        bytes.writeAscii(wire.value());
        return null;
      }
      @Nullable RepeatedCells repeated = repeatedCells.get()[column];
      if (repeated != null && repeated.copyTo(cell, country, bytes)) {
        return null;
      }
      Normalized normalized = normalizer.normalize(key, cell, country);
      if (!normalized.isValid()) {
        return normalized.reason();
      }
      int from = bytes.size();
      scratch.sha256Hex(normalized.value(), bytes);
      if (repeated != null) {
        repeated.remember(cell, country, bytes, from);
      }
      return null;
    } finally {
      bytes.write(syntax.quote);
    }
  }

  /** Writes a clear, number or options cell in its wire form; returns the reason when invalid. */
  private @Nullable String writeClear(Bytes bytes, int i, String cell, @Nullable String country) {
    Normalized wire = normalizer.toWire(keys[i], cell, country);
    if (!wire.isValid()) {
      syntax.emptyCell(bytes);
      return wire.reason();
    }
    syntax.cell(bytes, kinds[i], wire.value());
    return null;
  }

  /** Per-thread digest and buffers. */
  private static final class Scratch {
    private final MessageDigest digest;
    private final byte[] hash = new byte[32];
    private byte[] utf8 = new byte[256];

    Scratch() {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java runtime has SHA-256", e);
      }
    }

    /** Appends the lowercase hex SHA-256 of {@code value}'s UTF-8 bytes. */
    void sha256Hex(String value, Bytes out) {
      byte[] input;
      int length;
      if (isAscii(value)) {
        int n = value.length();
        if (n > utf8.length) {
          utf8 = new byte[n * 2];
        }
        for (int i = 0; i < n; i++) {
          utf8[i] = (byte) value.charAt(i);
        }
        input = utf8;
        length = n;
      } else {
        input = value.getBytes(StandardCharsets.UTF_8);
        length = input.length;
      }
      digest.update(input, 0, length);
      try {
        digest.digest(hash, 0, 32);
      } catch (DigestException e) {
        throw new IllegalStateException("a 32-byte buffer holds a SHA-256", e);
      }
      out.writeHex(hash);
    }

    private static boolean isAscii(String s) {
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) >= 128) {
          return false;
        }
      }
      return true;
    }
  }
}
