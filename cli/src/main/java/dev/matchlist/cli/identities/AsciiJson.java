package dev.matchlist.cli.identities;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A piece of JSON already written as bytes, all ASCII (anything else escaped), to go into a request
 * body as it is: in a {@link com.fasterxml.jackson.databind.util.RawValue} the body's generator
 * copies these bytes, where a {@code String} would be encoded char by char a second time (a request
 * of a load is about a megabyte). The quoted forms (for a JSON string of this text) are computed
 * when asked; the request bodies never ask.
 */
final class AsciiJson implements SerializableString {
  private final byte[] bytes;

  AsciiJson(byte[] bytes) {
    this.bytes = bytes;
  }

  int length() {
    return bytes.length;
  }

  @Override
  public String getValue() {
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  @Override
  public int charLength() {
    return bytes.length; // one byte a char: ASCII
  }

  /** The bytes themselves, not a copy (as {@link SerializedString} does): not to be changed. */
  @Override
  public byte[] asUnquotedUTF8() {
    return bytes;
  }

  @Override
  public int appendUnquotedUTF8(byte[] buffer, int offset) {
    if (offset + bytes.length > buffer.length) {
      return -1;
    }
    System.arraycopy(bytes, 0, buffer, offset, bytes.length);
    return bytes.length;
  }

  @Override
  public int appendUnquoted(char[] buffer, int offset) {
    if (offset + bytes.length > buffer.length) {
      return -1;
    }
    for (int i = 0; i < bytes.length; i++) {
      buffer[offset + i] = (char) bytes[i];
    }
    return bytes.length;
  }

  @Override
  public int writeUnquotedUTF8(OutputStream out) throws IOException {
    out.write(bytes);
    return bytes.length;
  }

  @Override
  public int putUnquotedUTF8(ByteBuffer buffer) {
    if (buffer.remaining() < bytes.length) {
      return -1;
    }
    buffer.put(bytes);
    return bytes.length;
  }

  private SerializableString quoted() {
    return new SerializedString(getValue());
  }

  @Override
  public char[] asQuotedChars() {
    return quoted().asQuotedChars();
  }

  @Override
  public byte[] asQuotedUTF8() {
    return quoted().asQuotedUTF8();
  }

  @Override
  public int appendQuotedUTF8(byte[] buffer, int offset) {
    return quoted().appendQuotedUTF8(buffer, offset);
  }

  @Override
  public int appendQuoted(char[] buffer, int offset) {
    return quoted().appendQuoted(buffer, offset);
  }

  @Override
  public int writeQuotedUTF8(OutputStream out) throws IOException {
    return quoted().writeQuotedUTF8(out);
  }

  @Override
  public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
    return quoted().putQuotedUTF8(buffer);
  }
}
