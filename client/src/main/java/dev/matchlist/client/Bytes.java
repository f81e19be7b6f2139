package dev.matchlist.client;

import java.util.Arrays;

/**
 * A growable byte array for request bodies: unlike {@link java.io.ByteArrayOutputStream} it is not
 * synchronized and can be {@link #clear() cleared} and refilled without reallocating. Not
 * thread-safe.
 */
final class Bytes {
  private static final byte[] HEX_DIGITS =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private byte[] bytes;
  private int size;

  Bytes(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  int size() {
    return size;
  }

  void clear() {
    size = 0;
  }

  /** Drops everything after the first {@code newSize} bytes. */
  void truncate(int newSize) {
    size = newSize;
  }

  void write(int b) {
    if (size == bytes.length) {
      grow(1);
    }
    bytes[size++] = (byte) b;
  }

  void write(byte[] b) {
    write(b, 0, b.length);
  }

  void write(byte[] b, int offset, int length) {
    if (size + length > bytes.length) {
      grow(length);
    }
    System.arraycopy(b, offset, bytes, size, length);
    size += length;
  }

  /** Appends {@code other}'s bytes {@code [from, to)}. */
  void write(Bytes other, int from, int to) {
    write(other.bytes, from, to - from);
  }

  /** Appends ASCII text (every char below 128), a byte per char. */
  void writeAscii(CharSequence s) {
    int n = s.length();
    if (size + n > bytes.length) {
      grow(n);
    }
    for (int i = 0; i < n; i++) {
      bytes[size++] = (byte) s.charAt(i);
    }
  }

  /** Appends the lowercase hex of {@code bytes}, two characters a byte. */
  void writeHex(byte[] bytes) {
    int n = bytes.length * 2;
    if (size + n > this.bytes.length) {
      grow(n);
    }
    byte[] out = this.bytes;
    int at = size;
    for (byte b : bytes) {
      out[at++] = HEX_DIGITS[(b >> 4) & 0xF];
      out[at++] = HEX_DIGITS[b & 0xF];
    }
    size = at;
  }

  byte[] toArray() {
    return Arrays.copyOf(bytes, size);
  }

  /** The backing array, valid up to {@link #size()} until the next write. */
  byte[] array() {
    return bytes;
  }

  private void grow(int needed) {
    bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + needed));
  }
}
