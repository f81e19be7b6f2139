package dev.matchlist.server.store;

import java.util.Arrays;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.WriteBatch;

/**
 * The bytes of a RocksDB {@link WriteBatch}, built in Java and handed over in one call: a load
 * request writes 20,000 entries, and one JNI call each for them was a visible part of the identity
 * base's serial write (BENCHMARKS.md, "Identity index"). RocksDB's own format ({@code
 * write_batch.cc}): a fixed64 sequence (set by the write) and a fixed32 count, both little-endian,
 * then per entry a tag, the column family id (varint32), and the key and value, each a varint32
 * length and the bytes.
 */
final class IdentityWriteBatch {
  private static final byte COLUMN_FAMILY_DELETION = 0x4;
  private static final byte COLUMN_FAMILY_VALUE = 0x5;
  private static final int HEADER_BYTES = 12;
  private static final int COUNT_AT = 8;

  private byte[] bytes;
  private int size = HEADER_BYTES;
  private int count;

  IdentityWriteBatch(int expectedBytes) {
    bytes = new byte[Math.max(HEADER_BYTES, expectedBytes)];
  }

  void put(ColumnFamilyHandle family, byte[] key, byte[] value) {
    room(1 + 5 + 5 + key.length + 5 + value.length);
    bytes[size++] = COLUMN_FAMILY_VALUE;
    varint(family.getID());
    slice(key);
    slice(value);
    count++;
  }

  void delete(ColumnFamilyHandle family, byte[] key) {
    room(1 + 5 + 5 + key.length);
    bytes[size++] = COLUMN_FAMILY_DELETION;
    varint(family.getID());
    slice(key);
    count++;
  }

  /** A {@link WriteBatch} holding these entries; the caller closes it. */
  WriteBatch toWriteBatch() {
    byte[] serialized = Arrays.copyOf(bytes, size);
    for (int i = 0; i < Integer.BYTES; i++) {
      serialized[COUNT_AT + i] = (byte) (count >>> (8 * i));
    }
    return new WriteBatch(serialized);
  }

  private void slice(byte[] data) {
    varint(data.length);
    System.arraycopy(data, 0, bytes, size, data.length);
    size += data.length;
  }

  private void varint(int value) {
    while ((value & ~0x7F) != 0) {
      bytes[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[size++] = (byte) value;
  }

  private void room(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(size + more, 2 * bytes.length));
    }
  }
}
