package dev.matchlist.client;

import java.nio.charset.StandardCharsets;

/**
 * {@code application/x-www-form-urlencoded} encoding of parameters ({@link PayloadSyntax#FORM}
 * writes a users payload with it).
 *
 * <p>Encoding follows {@link java.net.URLEncoder} (UTF-8): letters, digits and {@code .-*_} stay, a
 * space becomes {@code +}, every other byte {@code %XX}. Hex digests need no encoding, which is
 * most of the bytes of a batch.
 */
final class FormEncoding {
  private static final boolean[] SAFE = new boolean[128];
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      SAFE[c] = true;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      SAFE[c] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      SAFE[c] = true;
    }
    for (char c : ".-*_".toCharArray()) {
      SAFE[c] = true;
    }
  }

  private FormEncoding() {}

  /** Appends {@code name=value} (with a leading {@code &} unless {@code out} is empty). */
  static void param(Bytes out, String name, String value) {
    if (out.size() > 0) {
      out.write('&');
    }
    encode(out, name);
    out.write('=');
    encode(out, value);
  }

  /** Appends {@code text} form-encoded. */
  static void encode(Bytes out, String text) {
    encode(out, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Appends UTF-8 {@code bytes} form-encoded. */
  static void encode(Bytes out, byte[] bytes) {
    for (byte b : bytes) {
      int c = b & 0xFF;
      if (c < 128 && SAFE[c]) {
        out.write(c);
      } else if (c == ' ') {
        out.write('+');
      } else {
        out.write('%');
        out.write(HEX[c >> 4]);
        out.write(HEX[c & 0xF]);
      }
    }
  }

  /** Whether {@code c} is a letter, digit or {@code .-*_}: written as it is. */
  static boolean isSafe(char c) {
    return c < 128 && SAFE[c];
  }
}
