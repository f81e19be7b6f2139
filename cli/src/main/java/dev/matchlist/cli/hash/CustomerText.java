package dev.matchlist.cli.hash;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of a customer file, decoded strictly: UTF-8, or UTF-16 when the file starts with its
 * byte-order mark (a UTF-8 one is skipped). Bytes that are not valid text fail the read with a
 * {@link CharacterCodingException} instead of becoming U+FFFD: a Latin-1 "José" would otherwise be
 * hashed as "jos\uFFFD" and match nobody, without a word in the report.
 *
 * <p>FastCSV's own BOM detection always decodes leniently, hence this small reader.
 */
final class CustomerText {
  static final String NOT_TEXT =
      "not UTF-8 text; save the file as UTF-8 (or UTF-16 with a byte-order mark)";

  private CustomerText() {}

  static Reader open(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in);
    buffered.mark(3);
    byte[] head = buffered.readNBytes(3);
    buffered.reset();
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
    buffered.skipNBytes(bom);
    return new InputStreamReader(
        buffered,
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
