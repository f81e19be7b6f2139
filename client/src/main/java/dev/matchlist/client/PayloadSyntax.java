package dev.matchlist.client;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.matchlist.core.SchemaKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How a users payload's JSON is written into a request body: as it is ({@link
 * UsersBodyEncoding#JSON}, a JSON body) or form-encoded ({@link UsersBodyEncoding#FORM}, {@code
 * %5B%22...%22%5D}). Rows are written once, straight into the body's bytes, never built as a JSON
 * tree or string first. Hex digests need neither escaping nor encoding, which is most of a batch.
 */
final class PayloadSyntax {
  private static final Pattern JSON_NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
  private static final Pattern OPTIONS_ARRAY =
      Pattern.compile("\\[\\s*(\"[A-Za-z]+\"\\s*(,\\s*\"[A-Za-z]+\"\\s*)*)?]");

  static final PayloadSyntax JSON = new PayloadSyntax(false);
  static final PayloadSyntax FORM = new PayloadSyntax(true);

  private final boolean formEncoded;

  /** {@code ,} between rows and cells. */
  final byte[] comma;

  /** {@code [} opening a row. */
  final byte[] openRow;

  /** {@code ]} closing a row. */
  final byte[] closeRow;

  /** {@code "} around a cell. */
  final byte[] quote;

  /** {@code ]}} closing the data array and the payload object. */
  final byte[] payloadEnd;

  private PayloadSyntax(boolean formEncoded) {
    this.formEncoded = formEncoded;
    this.comma = token(",");
    this.openRow = token("[");
    this.closeRow = token("]");
    this.quote = token("\"");
    this.payloadEnd = token("]}");
  }

  static PayloadSyntax of(UsersBodyEncoding encoding) {
    return encoding == UsersBodyEncoding.FORM ? FORM : JSON;
  }

  /** The start of a users payload up to its first row: {@code {"schema":[...],"is_raw":true,"data":[}. */
  byte[] payloadStart(List<SchemaKey> schema) {
    StringBuilder json = new StringBuilder("{\"schema\":[");
    for (int i = 0; i < schema.size(); i++) {
      json.append(i == 0 ? "\"" : ",\"").append(schema.get(i).name()).append('"');
    }
    json.append("],\"is_raw\":true,\"data\":[");
    return token(json.toString());
  }

  /** Appends an empty cell, {@code ""}. */
  void emptyCell(Bytes out) {
    out.write(quote);
    out.write(quote);
  }

  /** Appends one cell: a JSON string of {@code value}, escaped (and form-encoded for FORM). */
  void cell(Bytes out, String value) {
    out.write(quote);
    if (isPlain(value)) {
      out.writeAscii(value);
    } else {
      raw(out, JsonStringEncoder.getInstance().quoteAsUTF8(value));
    }
    out.write(quote);
  }

  /**
   * Appends a cell in the JSON form its kind takes on the wire: a string for hashes and clear ids,
   * a bare number for LOOKALIKE_VALUE and the data-processing country and state, the array itself
   * for DATA_PROCESSING_OPTIONS; {@code ""} when empty. A value that is not what its kind wants
   * (say "n/a" as a number) is sent as a string, for the server to report.
   */
  void cell(Bytes out, SchemaKey.CellKind kind, String value) {
    boolean bare =
        !value.isEmpty()
            && switch (kind) {
              case NUMBER, INTEGER -> JSON_NUMBER.matcher(value).matches();
              case OPTIONS -> OPTIONS_ARRAY.matcher(value).matches();
              case HASH, CLEAR_ID -> false;
            };
    if (bare) {
      raw(out, value.getBytes(StandardCharsets.UTF_8));
    } else {
      cell(out, value);
    }
  }

  /** Appends a whole wire row, {@code ["a","b"]}. */
  void row(Bytes out, List<SchemaKey> schema, String[] cells) {
    out.write(openRow);
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.write(comma);
      }
      cell(out, schema.get(i).cellKind(), cells[i]);
    }
    out.write(closeRow);
  }

  /** The whole payload of {@code rows}. */
  byte[] payload(List<SchemaKey> schema, List<String[]> rows) {
    Bytes out = new Bytes(64 + rows.size() * schema.size() * 72);
    out.write(payloadStart(schema));
    for (int r = 0; r < rows.size(); r++) {
      if (r > 0) {
        out.write(comma);
      }
      row(out, schema, rows.get(r));
    }
    out.write(payloadEnd);
    return out.toArray();
  }

  /**
   * A payload written by {@link #JSON} in this syntax: the same bytes, or form-encoded (which is
   * what FORM writes cell by cell).
   */
  byte[] fromJson(byte[] json) {
    if (!formEncoded) {
      return json;
    }
    Bytes out = new Bytes(json.length * 3 / 2);
    FormEncoding.encode(out, json);
    return out.toArray();
  }

  /** Appends JSON text's UTF-8 bytes: as they are, or form-encoded. */
  private void raw(Bytes out, byte[] utf8) {
    if (formEncoded) {
      FormEncoding.encode(out, utf8);
    } else {
      out.write(utf8);
    }
  }

  /**
   * Whether {@code s} can be written char for char: for FORM, letters, digits and {@code .-*_}; for
   * JSON, printable ASCII other than {@code "} and {@code \}.
   */
  private boolean isPlain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (formEncoded ? !FormEncoding.isSafe(c) : c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private byte[] token(String json) {
    byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
    if (!formEncoded) {
      return utf8;
    }
    Bytes out = new Bytes(utf8.length * 3);
    FormEncoding.encode(out, utf8);
    return out.toArray();
  }
}
