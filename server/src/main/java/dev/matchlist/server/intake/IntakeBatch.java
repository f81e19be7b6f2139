package dev.matchlist.server.intake;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.payload.RowBlock;
import java.io.DataOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One accepted upload batch as the intake log keeps it for the matcher: who, which audience, which
 * operation and session, and the valid rows in columnar binary form.
 *
 * <p>Only binary data is stored: identifiers are the 32-byte hashes of the {@link RowBlock} (clear
 * ids were already hashed by the parser), never the request's text; rejected rows are not stored at
 * all.
 *
 * <p>Encoding, version {@value #FORMAT_VERSION}, big-endian, strings as {@link
 * DataOutputStream#writeUTF} writes them (the format was first written through it; now one presized
 * {@link ByteBuffer} writes and reads the same bytes, see {@code IntakeBatchTest}): version byte,
 * ad account, audience id (modified UTF-8), operation name, session id (long), batch_seq (int, 0
 * when the client sent none), rows received (int), valid rows (int), original row indexes, key
 * count, then per column its key name, its presence bitmap (one long per 64 rows) and its values:
 * 32 bytes per row (identifiers), a double per row (NUMBER) or an int per row (INTEGER, OPTIONS).
 * About 33 bytes per single-key row.
 *
 * @param batchSeq the client's batch_seq, or 0 when it sent none
 * @param rowsReceived rows in the request's {@code data}, valid or not
 * @param rows the valid rows
 */
public record IntakeBatch(
    String adAccountId,
    String audienceId,
    Operation operation,
    long sessionId,
    int batchSeq,
    int rowsReceived,
    RowBlock rows) {
  /** The encoding version written by {@link #encode()}; {@link #decode} refuses others. */
  public static final int FORMAT_VERSION = 1;

  /** This batch as intake-log bytes, written into one array sized up front. */
  public byte[] encode() {
    byte[] bytes = new byte[encodedLength()];
    encodeInto(ByteBuffer.wrap(bytes));
    return bytes;
  }

  /** The length of {@link #encode()}'s bytes. */
  public int encodedLength() {
    int size = rows.size();
    int words = words(size);
    long length =
        1L
            + utfLength(adAccountId)
            + utfLength(audienceId)
            + utfLength(operation.name())
            + 8
            + 4
            + 4
            + 4
            + 4L * size
            + 2;
    for (SchemaKey key : rows.schema()) {
      length += utfLength(key.name()) + 8L * words + (long) size * cellBytes(key);
    }
    if (length > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("intake batch too large to encode: " + length + " bytes");
    }
    return (int) length;
  }

  /**
   * Writes {@link #encode()}'s bytes into {@code out} from its position (which it moves past them),
   * e.g. a reused direct buffer that a store passes to RocksDB without a heap copy.
   *
   * @return {@code out}
   * @throws java.nio.BufferOverflowException when fewer than {@link #encodedLength()} bytes remain
   */
  public ByteBuffer encodeInto(ByteBuffer out) {
    int size = rows.size();
    List<SchemaKey> schema = rows.schema();
    int words = words(size);
    out.order(ByteOrder.BIG_ENDIAN); // as DataOutputStream wrote format 1
    out.put((byte) FORMAT_VERSION);
    putUtf(out, adAccountId);
    putUtf(out, audienceId);
    putUtf(out, operation.name());
    out.putLong(sessionId);
    out.putInt(batchSeq);
    out.putInt(rowsReceived);
    out.putInt(size);
    for (int r = 0; r < size; r++) {
      out.putInt(rows.originalRow(r));
    }
    out.putShort((short) schema.size());
    for (int c = 0; c < schema.size(); c++) {
      SchemaKey key = schema.get(c);
      putUtf(out, key.name());
      for (int w = 0; w < words; w++) {
        long word = 0;
        int end = Math.min(size, (w + 1) << 6);
        for (int r = w << 6; r < end; r++) {
          if (rows.isPresent(c, r)) {
            word |= 1L << r;
          }
        }
        out.putLong(word);
      }
      switch (key.cellKind()) {
        case HASH, CLEAR_ID -> rows.copyIdentifiers(c, out);
        case NUMBER -> {
          for (int r = 0; r < size; r++) {
            out.putDouble(rows.number(c, r));
          }
        }
        case INTEGER -> {
          for (int r = 0; r < size; r++) {
            out.putInt(rows.integer(c, r));
          }
        }
        case OPTIONS -> {
          for (int r = 0; r < size; r++) {
            out.putInt(rows.options(c, r));
          }
        }
      }
    }
    return out;
  }

  /**
   * The batch encoded in {@code bytes}. Its identifiers are read from {@code bytes} in place: the
   * caller must not change the array afterwards.
   *
   * @throws IllegalArgumentException when the bytes are not an intake batch of a known version
   */
  public static IntakeBatch decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      int version = Byte.toUnsignedInt(in.get());
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException("intake batch format version " + version + " unknown");
      }
      String adAccountId = getUtf(in);
      String audienceId = getUtf(in);
      Operation operation = Operation.valueOf(getUtf(in));
      long sessionId = in.getLong();
      int batchSeq = in.getInt();
      int rowsReceived = in.getInt();
      int size = in.getInt();
      if (size < 0 || size > bytes.length) {
        throw new IllegalArgumentException("intake batch claims " + size + " rows");
      }
      int[] originalRows = new int[size];
      in.asIntBuffer().get(originalRows);
      in.position(in.position() + 4 * size);
      int columns = Short.toUnsignedInt(in.getShort());
      List<SchemaKey> schema = new ArrayList<>(columns);
      long[][] present = new long[columns][];
      byte[][] identifiers = new byte[columns][];
      int[] identifierOffsets = new int[columns];
      double[][] numbers = new double[columns][];
      int[][] ints = new int[columns][];
      for (int c = 0; c < columns; c++) {
        SchemaKey key = SchemaKey.valueOf(getUtf(in));
        schema.add(key);
        present[c] = new long[words(size)];
        in.asLongBuffer().get(present[c]);
        in.position(in.position() + 8 * present[c].length);
        switch (key.cellKind()) {
          case HASH, CLEAR_ID -> {
            // read in place: the identifiers are most of the entry, and copying them was a large
            // share of the matcher's allocation
            long end = in.position() + (long) size * RowBlock.IDENTIFIER_BYTES;
            if (end > bytes.length) {
              throw new IllegalArgumentException("intake batch is truncated");
            }
            identifiers[c] = bytes;
            identifierOffsets[c] = in.position();
            in.position((int) end);
          }
          case NUMBER -> {
            numbers[c] = new double[size];
            in.asDoubleBuffer().get(numbers[c]);
            in.position(in.position() + 8 * size);
          }
          case INTEGER, OPTIONS -> {
            ints[c] = new int[size];
            in.asIntBuffer().get(ints[c]);
            in.position(in.position() + 4 * size);
          }
        }
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException("intake batch has trailing bytes");
      }
      RowBlock rows =
          RowBlock.of(
              schema, size, originalRows, present, identifiers, identifierOffsets, numbers, ints);
      return new IntakeBatch(
          adAccountId, audienceId, operation, sessionId, batchSeq, rowsReceived, rows);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("intake batch is truncated", e);
    }
  }

  private static int cellBytes(SchemaKey key) {
    return switch (key.cellKind()) {
      case HASH, CLEAR_ID -> RowBlock.IDENTIFIER_BYTES;
      case NUMBER -> 8;
      case INTEGER, OPTIONS -> 4;
    };
  }

  /** Bytes of {@code text} as {@link DataOutputStream#writeUTF} writes it, length included. */
  private static int utfLength(String text) {
    int length = 0;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      length += ch >= 0x0001 && ch <= 0x007F ? 1 : ch <= 0x07FF ? 2 : 3;
    }
    if (length > 0xFFFF) {
      throw new IllegalArgumentException("a string of the batch is too long: " + length + " bytes");
    }
    return 2 + length;
  }

  /** Writes {@code text} in modified UTF-8 exactly as {@link DataOutputStream#writeUTF}. */
  private static void putUtf(ByteBuffer out, String text) {
    out.putShort((short) (utfLength(text) - 2));
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch >= 0x0001 && ch <= 0x007F) {
        out.put((byte) ch);
      } else if (ch <= 0x07FF) {
        out.put((byte) (0xC0 | (ch >> 6))).put((byte) (0x80 | (ch & 0x3F)));
      } else {
        out.put((byte) (0xE0 | (ch >> 12)))
            .put((byte) (0x80 | ((ch >> 6) & 0x3F)))
            .put((byte) (0x80 | (ch & 0x3F)));
      }
    }
  }

  /** Reads a string {@link #putUtf} (or {@link DataOutputStream#writeUTF}) wrote. */
  private static String getUtf(ByteBuffer in) {
    int length = Short.toUnsignedInt(in.getShort());
    if (length > in.remaining()) {
      throw new BufferUnderflowException();
    }
    StringBuilder text = new StringBuilder(length);
    int end = in.position() + length;
    while (in.position() < end) {
      int b = Byte.toUnsignedInt(in.get());
      if (b < 0x80) {
        text.append((char) b);
      } else if ((b & 0xE0) == 0xC0 && in.position() < end) {
        text.append((char) (((b & 0x1F) << 6) | continuation(in)));
      } else if ((b & 0xF0) == 0xE0 && in.position() + 1 < end) {
        int high = continuation(in);
        text.append((char) (((b & 0x0F) << 12) | (high << 6) | continuation(in)));
      } else {
        throw new IllegalArgumentException("intake batch holds a malformed string");
      }
    }
    return text.toString();
  }

  private static int continuation(ByteBuffer in) {
    int b = Byte.toUnsignedInt(in.get());
    if ((b & 0xC0) != 0x80) {
      throw new IllegalArgumentException("intake batch holds a malformed string");
    }
    return b & 0x3F;
  }

  private static int words(int rows) {
    return (rows + 63) >>> 6;
  }
}
