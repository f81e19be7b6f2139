package dev.matchlist.client;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The text of a customer file, decoded strictly: UTF-8, or UTF-16 when the file starts with its
 * byte-order mark (a UTF-8 one is skipped). Bytes that are not valid text fail the read with a
 * {@link CharacterCodingException} instead of becoming U+FFFD: a Latin-1 "José" would otherwise be
 * hashed as "jos\uFFFD" and match nobody, without a word in any report.
 *
 * <p>Every CSV the SDK and the CLI read goes through here (FastCSV's own BOM detection always
 * decodes leniently). The decoder is the JDK's, with REPORT instead of REPLACE: as fast as the
 * lenient one.
 */
public final class CustomerText {
  /** Why a file was refused, in words a person can act on. */
  public static final String NOT_TEXT =
      "not UTF-8 text; save the file as UTF-8 (or UTF-16 with a byte-order mark)";

  private CustomerText() {}

  /**
   * A strict reader of {@code in}, past its byte-order mark if any; closing it closes {@code in}.
   */
  public static Reader open(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
    buffered.mark(3);
    byte[] head = buffered.readNBytes(3);
    buffered.reset();
    return reader(buffered, head);
  }

  /**
   * A strict reader of {@code file}: the file's own stream, with no buffer of ours in between (the
   * decoder reads it in blocks), since this is the uploader's read.
   */
  public static Reader open(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(3);
    }
    InputStream in = Files.newInputStream(file);
    try {
      return reader(in, head);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * Reads all of {@code file} once, to refuse it before anything of it is sent: a bad byte found
   * later, mid-upload, would leave part of the file sent.
   *
   * @throws CharacterCodingException when the file is not text (see {@link #NOT_TEXT})
   */
  public static void check(Path file) throws IOException {
    CharBuffer chars = CharBuffer.allocate(64 * 1024);
    try (Reader reader = open(file)) {
      while (reader.read(chars) >= 0) {
        chars.clear();
      }
    }
  }

  /** Whether {@code failure}, or one of its causes, is a file that is not text. */
  public static boolean isNotText(Throwable failure) {
    for (Throwable e = failure; e != null; e = e.getCause()) {
      if (e instanceof CharacterCodingException) {
        return true;
      }
    }
    return false;
  }

  /** A strict decoder of {@code in}, which starts with {@code head}, past its byte-order mark. */
  private static Reader reader(InputStream in, byte[] head) throws IOException {
    Charset charset = StandardCharsets.UTF_8;
    int bom = 0;
    if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
      bom = 3;
    } else if (startsWith(head, 0xFE, 0xFF)) {
      charset = StandardCharsets.UTF_16BE;
      bom = 2;
    } else if (startsWith(head, 0xFF, 0xFE)) {
      charset = StandardCharsets.UTF_16LE;
      bom = 2;
    }
    in.skipNBytes(bom);
    return new InputStreamReader(
        in,
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  private static boolean startsWith(byte[] head, int... bom) {
    if (head.length < bom.length) {
      return false;
    }
    for (int i = 0; i < bom.length; i++) {
      if ((head[i] & 0xFF) != bom[i]) {
        return false;
      }
    }
    return true;
  }
}
