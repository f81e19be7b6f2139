package dev.matchlist.client;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.matchlist.core.SchemaKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code application/x-www-form-urlencoded} encoding of parameters, and of the users payload's JSON
 * straight into its encoded form, so a batch of 10,000 rows is written once, not built as JSON,
 * copied to a string and encoded again.
 *
 * <p>Encoding follows {@link java.net.URLEncoder} (UTF-8): letters, digits and {@code .-*_} stay, a
 * space becomes {@code +}, every other byte {@code %XX}. Hex digests need no encoding, which is
 * most of the bytes of a batch.
 */
final class FormEncoding {
  private static final boolean[] SAFE = new boolean[128];
  private static final Pattern JSON_NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
  private static final Pattern OPTIONS_ARRAY =
      Pattern.compile("\\[\\s*(\"[A-Za-z]+\"\\s*(,\\s*\"[A-Za-z]+\"\\s*)*)?]");
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  /** {@code ,} between rows and cells. */
  static final byte[] COMMA = ascii("%2C");

  /** {@code [} opening a row. */
  static final byte[] OPEN_ROW = ascii("%5B");

  /** {@code ]} closing a row. */
  static final byte[] CLOSE_ROW = ascii("%5D");

  /** {@code "} around a cell. */
  static final byte[] QUOTE = ascii("%22");

  /** {@code ]}} closing the data array and the payload object. */
  static final byte[] PAYLOAD_END = ascii("%5D%7D");

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

  /**
   * The encoded start of a users payload up to its first row: {@code {"schema":[...],"is_raw":
   * true,"data":[}.
   */
  static byte[] payloadStart(List<SchemaKey> schema) {
    StringBuilder json = new StringBuilder("{\"schema\":[");
    for (int i = 0; i < schema.size(); i++) {
      json.append(i == 0 ? "\"" : ",\"").append(schema.get(i).name()).append('"');
    }
    json.append("],\"is_raw\":true,\"data\":[");
    Bytes out = new Bytes(json.length() * 3);
    encode(out, json.toString());
    return out.toArray();
  }

  /** Appends one cell: a JSON string of {@code value}, escaped, form-encoded. */
  static void cell(Bytes out, String value) {
    out.write(QUOTE);
    if (isPlainAscii(value)) {
      out.writeAscii(value);
    } else {
      encode(out, JsonStringEncoder.getInstance().quoteAsUTF8(value));
    }
    out.write(QUOTE);
  }

  /**
   * Appends a cell in the JSON form its kind takes on the wire: a string for hashes and clear ids,
   * a bare number for LOOKALIKE_VALUE and the data-processing country and state, the array itself
   * for DATA_PROCESSING_OPTIONS; {@code ""} when empty. A value that is not what its kind wants
   * (say "n/a" as a number) is sent as a string, for the server to report.
   */
  static void cell(Bytes out, SchemaKey.CellKind kind, String value) {
    boolean bare =
        !value.isEmpty()
            && switch (kind) {
              case NUMBER, INTEGER -> JSON_NUMBER.matcher(value).matches();
              case OPTIONS -> OPTIONS_ARRAY.matcher(value).matches();
              case HASH, CLEAR_ID -> false;
            };
    if (bare) {
      encode(out, value);
    } else {
      cell(out, value);
    }
  }

  /** Appends a whole wire row, {@code ["a","b"]}. */
  static void row(Bytes out, List<SchemaKey> schema, String[] cells) {
    out.write(OPEN_ROW);
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.write(COMMA);
      }
      cell(out, schema.get(i).cellKind(), cells[i]);
    }
    out.write(CLOSE_ROW);
  }

  /** The whole encoded payload of {@code rows}. */
  static byte[] payload(List<SchemaKey> schema, List<String[]> rows) {
    Bytes out = new Bytes(64 + rows.size() * schema.size() * 72);
    out.write(payloadStart(schema));
    for (int r = 0; r < rows.size(); r++) {
      if (r > 0) {
        out.write(COMMA);
      }
      row(out, schema, rows.get(r));
    }
    out.write(PAYLOAD_END);
    return out.toArray();
  }

  /** Whether every char of {@code s} is a letter, digit or {@code .-*_}: written as it is. */
  private static boolean isPlainAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 128 || !SAFE[c]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
