package dev.matchlist.cli.identities;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A piece of JSON already written as UTF-8 bytes, to go into a request body as it is: in a {@link
 * com.fasterxml.jackson.databind.util.RawValue} the body's generator copies these bytes, where a
 * {@code String} would be encoded char by char a second time (a request of a load is about a
 * megabyte). The char and quoted forms are decoded when asked; the request bodies never ask.
 */
final class Utf8Json implements SerializableString {
  private final byte[] bytes;

  Utf8Json(byte[] bytes) {
    this.bytes = bytes;
  }

  @Override
  public String getValue() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public int charLength() {
    return getValue().length();
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
    String text = getValue();
    if (offset + text.length() > buffer.length) {
      return -1;
    }
    text.getChars(0, text.length(), buffer, offset);
    return text.length();
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
