package dev.matchlist.server.intake;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.payload.RowBlock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * <p>Encoding, version {@value #FORMAT_VERSION}, big-endian ({@link DataOutputStream}): version
 * byte, ad account, audience id (modified UTF-8), operation name, session id (long), batch_seq
 * (int, 0 when the client sent none), rows received (int), valid rows (int), original row indexes,
 * key count, then per column its key name, its presence bitmap (one long per 64 rows) and its
 * values: 32 bytes per row (identifiers), a double per row (NUMBER) or an int per row (INTEGER,
 * OPTIONS). About 33 bytes per single-key row.
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

  /** This batch as intake-log bytes. */
  public byte[] encode() {
    int size = rows.size();
    List<SchemaKey> schema = rows.schema();
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(64 + size * (4 + schema.size() * RowBlock.IDENTIFIER_BYTES));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT_VERSION);
      out.writeUTF(adAccountId);
      out.writeUTF(audienceId);
      out.writeUTF(operation.name());
      out.writeLong(sessionId);
      out.writeInt(batchSeq);
      out.writeInt(rowsReceived);
      out.writeInt(size);
      for (int r = 0; r < size; r++) {
        out.writeInt(rows.originalRow(r));
      }
      out.writeShort(schema.size());
      byte[] cell = new byte[RowBlock.IDENTIFIER_BYTES];
      for (int c = 0; c < schema.size(); c++) {
        SchemaKey key = schema.get(c);
        out.writeUTF(key.name());
        long[] present = new long[words(size)];
        for (int r = 0; r < size; r++) {
          if (rows.isPresent(c, r)) {
            present[r >>> 6] |= 1L << r;
          }
        }
        for (long word : present) {
          out.writeLong(word);
        }
        for (int r = 0; r < size; r++) {
          switch (key.cellKind()) {
            case HASH, CLEAR_ID -> {
              rows.copyIdentifier(c, r, cell, 0);
              out.write(cell);
            }
            case NUMBER -> out.writeDouble(rows.number(c, r));
            case INTEGER -> out.writeInt(rows.integer(c, r));
            case OPTIONS -> out.writeInt(rows.options(c, r));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * The batch encoded in {@code bytes}.
   *
   * @throws IllegalArgumentException when the bytes are not an intake batch of a known version
   */
  public static IntakeBatch decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int version = in.readUnsignedByte();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException("intake batch format version " + version + " unknown");
      }
      String adAccountId = in.readUTF();
      String audienceId = in.readUTF();
      Operation operation = Operation.valueOf(in.readUTF());
      long sessionId = in.readLong();
      int batchSeq = in.readInt();
      int rowsReceived = in.readInt();
      int size = in.readInt();
      if (size < 0 || size > bytes.length) {
        throw new IllegalArgumentException("intake batch claims " + size + " rows");
      }
      int[] originalRows = new int[size];
      for (int r = 0; r < size; r++) {
        originalRows[r] = in.readInt();
      }
      int columns = in.readUnsignedShort();
      List<SchemaKey> schema = new ArrayList<>(columns);
      long[][] present = new long[columns][];
      byte[][] identifiers = new byte[columns][];
      double[][] numbers = new double[columns][];
      int[][] ints = new int[columns][];
      for (int c = 0; c < columns; c++) {
        SchemaKey key = SchemaKey.valueOf(in.readUTF());
        schema.add(key);
        present[c] = new long[words(size)];
        for (int w = 0; w < present[c].length; w++) {
          present[c][w] = in.readLong();
        }
        switch (key.cellKind()) {
          case HASH, CLEAR_ID -> {
            identifiers[c] = new byte[size * RowBlock.IDENTIFIER_BYTES];
            in.readFully(identifiers[c]);
          }
          case NUMBER -> {
            numbers[c] = new double[size];
            for (int r = 0; r < size; r++) {
              numbers[c][r] = in.readDouble();
            }
          }
          case INTEGER, OPTIONS -> {
            ints[c] = new int[size];
            for (int r = 0; r < size; r++) {
              ints[c][r] = in.readInt();
            }
          }
        }
      }
      if (in.available() > 0) {
        throw new IllegalArgumentException("intake batch has trailing bytes");
      }
      RowBlock rows = RowBlock.of(schema, size, originalRows, present, identifiers, numbers, ints);
      return new IntakeBatch(
          adAccountId, audienceId, operation, sessionId, batchSeq, rowsReceived, rows);
    } catch (IOException e) {
      throw new IllegalArgumentException("intake batch is truncated", e);
    }
  }

  private static int words(int rows) {
    return (rows + 63) >>> 6;
  }
}
