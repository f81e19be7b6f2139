package dev.matchlist.core.payload;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.matchlist.core.Hex;
import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.SchemaKey.CellKind;
import dev.matchlist.core.Sha256;
import dev.matchlist.core.normalize.Normalized;
import dev.matchlist.core.normalize.Normalizer;
import dev.matchlist.core.payload.PayloadException.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads {@code payload.data} row by row into a {@link RowBlockBuilder}, judging each cell by its
 * column's {@link CellKind}. The hot path (a hashed cell) decodes the parser's own character
 * buffer: no object per cell. Text for samples is only made for the first {@value
 * PayloadParser#MAX_SAMPLES} bad rows.
 */
final class RowReader {
  /** SHA-256 of "": what clients send when they hash an empty cell; it means "absent". */
  private static final byte[] EMPTY_SHA256 = Sha256.digest("");

  private static final int HASH = CellKind.HASH.ordinal();
  private static final int CLEAR_ID = CellKind.CLEAR_ID.ordinal();
  private static final int NUMBER = CellKind.NUMBER.ordinal();
  private static final int INTEGER = CellKind.INTEGER.ordinal();

  private final SchemaKey[] keys;
  private final int[] kinds;
  private final int columns;
  private final Normalizer normalizer;
  private final RowBlockBuilder block;
  private final int dpoCountry;
  private final int dpoState;

  private int rowsReceived;
  private int invalidEntries;
  private final List<InvalidEntry> samples = new ArrayList<>();

  // State of the row being read.
  private int row;
  private int identifiersInRow;
  private int faultColumn;
  private String faultValue = "";
  private String faultReason = "";

  RowReader(List<SchemaKey> schema, Normalizer normalizer, int initialCapacity) {
    this.keys = schema.toArray(new SchemaKey[0]);
    this.columns = keys.length;
    this.kinds = new int[columns];
    for (int c = 0; c < columns; c++) {
      kinds[c] = keys[c].cellKind().ordinal();
    }
    this.normalizer = normalizer;
    this.block = new RowBlockBuilder(schema, initialCapacity);
    this.dpoCountry = schema.indexOf(SchemaKey.DATA_PROCESSING_OPTIONS_COUNTRY);
    this.dpoState = schema.indexOf(SchemaKey.DATA_PROCESSING_OPTIONS_STATE);
  }

  /** Reads the rows of the array whose START_ARRAY is the current token. */
  void readRows(JsonParser p) throws IOException, PayloadException {
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw new PayloadException(Kind.MALFORMED_JSON, "data ends before its closing ']'");
      }
      if (row == PayloadParser.MAX_ROWS) {
        throw new PayloadException(
            Kind.TOO_MANY_ROWS,
            "data has more than "
                + PayloadParser.MAX_ROWS
                + " rows; send at most "
                + PayloadParser.MAX_ROWS
                + " per request and split larger uploads into batches of one session"
                + " (session_id, batch_seq, last_batch_flag)");
      }
      readRow(p, t);
      row++;
    }
    rowsReceived = row;
    if (row == 0) {
      throw new PayloadException(
          Kind.MISSING_DATA, "data is empty: send at least one row (at most 10000 per request)");
    }
  }

  private void readRow(JsonParser p, JsonToken t) throws IOException, PayloadException {
    block.beginRow();
    identifiersInRow = 0;
    faultColumn = -1;
    if (t != JsonToken.START_ARRAY) {
      if (columns != 1) {
        p.skipChildren();
        throw new PayloadException(
            Kind.ROW_LENGTH_MISMATCH,
            "Data is missing or does not match schema: row "
                + row
                + " is a single value but the schema has "
                + columns
                + " keys; each row must be an array of "
                + columns
                + " values");
      }
      readCell(p, t, 0); // a one-key schema may list bare values instead of one-value rows
    } else {
      int column = 0;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (column < columns) {
          readCell(p, t, column);
        } else {
          p.skipChildren(); // only counted, for the message
        }
        column++;
      }
      if (column != columns) {
        throw new PayloadException(
            Kind.ROW_LENGTH_MISMATCH,
            "Data is missing or does not match schema: row "
                + row
                + " has "
                + column
                + (column == 1 ? " value" : " values")
                + " but the schema has "
                + columns
                + (columns == 1 ? " key" : " keys"));
      }
    }
    finishRow();
  }

  private void finishRow() {
    if (faultColumn < 0 && identifiersInRow == 0) {
      reject(-1, "", "no identifier in this row: every identifier cell is empty");
    } else if (faultColumn < 0
        && dpoCountry >= 0
        && block.isPresentInCurrentRow(dpoCountry)
        && (dpoState < 0 || !block.isPresentInCurrentRow(dpoState))) {
      reject(
          dpoCountry,
          "",
          "DATA_PROCESSING_OPTIONS_COUNTRY is set but DATA_PROCESSING_OPTIONS_STATE is not;"
              + " set both (0 and 0 to geolocate)");
    }
    if (faultColumn >= 0) {
      invalidEntries++;
      if (samples.size() < PayloadParser.MAX_SAMPLES) {
        SchemaKey key = faultColumn == Integer.MAX_VALUE ? null : keys[faultColumn];
        samples.add(InvalidEntry.of(row, key, faultValue, faultReason));
      }
    } else {
      block.commitRow(row);
    }
  }

  private void readCell(JsonParser p, JsonToken t, int column) throws IOException {
    int kind = kinds[column];
    if (kind == HASH) {
      readHash(p, t, column);
    } else if (kind == CLEAR_ID) {
      readClearId(p, t, column);
    } else if (kind == NUMBER) {
      readNumber(p, t, column);
    } else if (kind == INTEGER) {
      readInteger(p, t, column);
    } else {
      readOptions(p, t, column);
    }
  }

  private void readHash(JsonParser p, JsonToken t, int column) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      int length = p.getTextLength();
      if (length == Hex.SHA256_HEX_LENGTH) {
        byte[] out = block.identifierColumn(column);
        int slot = block.slot();
        if (Hex.decodeSha256(p.getTextCharacters(), p.getTextOffset(), out, slot)) {
          if (Arrays.equals(out, slot, slot + 32, EMPTY_SHA256, 0, 32)) {
            block.clearIdentifier(column); // a hashed empty cell: absent, as "" would be
          } else {
            block.markPresent(column);
            identifiersInRow++;
          }
          return;
        }
      } else if (length == 0) {
        block.clearIdentifier(column);
        return;
      }
      if (wantsSample()) {
        String text = p.getText();
        reject(column, text, notAHashReason(keys[column], text));
      } else {
        reject(column, "", "");
      }
    } else if (t == JsonToken.VALUE_NULL) {
      block.clearIdentifier(column);
    } else {
      rejectType(p, t, column, "a 64-character hex SHA-256 string");
    }
  }

  private void readClearId(JsonParser p, JsonToken t, int column) throws IOException {
    if (t == JsonToken.VALUE_NULL || (t == JsonToken.VALUE_STRING && p.getTextLength() == 0)) {
      block.clearIdentifier(column);
      return;
    }
    if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
      rejectType(p, t, column, "a string");
      return;
    }
    String raw = p.getText(); // numeric ids (EXTERN_ID 12345) are taken as their digits
    Normalized normalized = normalizer.normalize(keys[column], raw);
    if (!normalized.isValid()) {
      reject(column, raw, keys[column] + " is not valid: " + normalized.reason());
      return;
    }
    byte[] digest = Sha256.digest(normalized.value());
    System.arraycopy(digest, 0, block.identifierColumn(column), block.slot(), 32);
    block.markPresent(column);
    identifiersInRow++;
  }

  private void readNumber(JsonParser p, JsonToken t, int column) throws IOException {
    block.setNumber(column, 0);
    double value;
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      value = p.getDoubleValue();
    } else if (t == JsonToken.VALUE_STRING) {
      String text = p.getText();
      if (text.isEmpty()) {
        return;
      }
      if (!NumericText.isDecimal(text)) {
        reject(column, text, "not a number; " + keys[column] + " needs a number such as 44.5");
        return;
      }
      value = Double.parseDouble(text);
    } else if (t == JsonToken.VALUE_NULL) {
      return;
    } else {
      rejectType(p, t, column, "a non-negative number");
      return;
    }
    if (!(value >= 0) || Double.isInfinite(value)) {
      reject(
          column,
          p.getText(),
          value < 0
              ? keys[column] + " must not be negative"
              : keys[column] + " is too large to be a number");
      return;
    }
    block.setNumber(column, value + 0.0); // + 0.0 turns -0.0 into 0.0
    block.markPresent(column);
  }

  private void readInteger(JsonParser p, JsonToken t, int column) throws IOException {
    block.setInt(column, 0);
    int value;
    if (t == JsonToken.VALUE_NUMBER_INT) {
      if (p.getNumberType() != JsonParser.NumberType.INT) {
        reject(column, p.getText(), notAllowedReason(keys[column]));
        return;
      }
      value = p.getIntValue();
    } else if (t == JsonToken.VALUE_STRING) {
      if (p.getTextLength() == 0) {
        return;
      }
      String text = p.getText();
      if (!NumericText.isSmallInteger(text)) {
        reject(column, text, notAllowedReason(keys[column]));
        return;
      }
      value = Integer.parseInt(text);
    } else if (t == JsonToken.VALUE_NULL) {
      return;
    } else {
      rejectType(p, t, column, "an integer");
      return;
    }
    if (!isAllowedCode(keys[column], value)) {
      reject(column, p.getText(), notAllowedReason(keys[column])); // as sent: "0007" stays
      return;
    }
    block.setInt(column, value);
    block.markPresent(column);
  }

  private void readOptions(JsonParser p, JsonToken t, int column) throws IOException {
    block.setInt(column, 0);
    if (t == JsonToken.VALUE_NULL || (t == JsonToken.VALUE_STRING && p.getTextLength() == 0)) {
      return;
    }
    if (t != JsonToken.START_ARRAY) {
      rejectType(p, t, column, "an array: [\"LDU\"] or []");
      return;
    }
    int flags = 0;
    boolean ok = true;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.VALUE_STRING && "LDU".equals(p.getText())) {
        flags |= RowBlock.OPTION_LDU;
      } else if (ok) {
        ok = false;
        String text = t == JsonToken.VALUE_STRING ? p.getText() : textOf(p, t);
        p.skipChildren();
        reject(column, text, "unknown data processing option; the only one is \"LDU\"");
      } else {
        p.skipChildren();
      }
    }
    if (ok) {
      block.setInt(column, flags);
      block.markPresent(column);
    }
  }

  private static boolean isAllowedCode(SchemaKey key, int value) {
    if (key == SchemaKey.DATA_PROCESSING_OPTIONS_COUNTRY) {
      return value == 0 || value == 1;
    }
    return value == 0 || (value >= 1000 && value <= 1013); // _STATE
  }

  private static String notAllowedReason(SchemaKey key) {
    return key == SchemaKey.DATA_PROCESSING_OPTIONS_COUNTRY
        ? "DATA_PROCESSING_OPTIONS_COUNTRY must be 1 (United States) or 0 (geolocate)"
        : "DATA_PROCESSING_OPTIONS_STATE must be 1000 (California), another code up to 1013,"
            + " or 0 (geolocate)";
  }

  /** Why a string in a hashed column is not a SHA-256, as specific as the text allows. */
  static String notAHashReason(SchemaKey key, String text) {
    if (text.length() == Hex.SHA256_HEX_LENGTH) {
      return "not a 64-character hex SHA-256: it has characters other than 0-9 and a-f";
    }
    if (text.length() == 32 && Hex.isSha256Hex(text + text)) {
      return "32 hex characters look like an MD5; " + key + " needs a SHA-256 (64 hex characters)";
    }
    if (key == SchemaKey.EMAIL && text.indexOf('@') >= 0) {
      return "a plain email address, not a SHA-256; normalize it, then hash it with SHA-256";
    }
    return "not a 64-character hex SHA-256 (it has "
        + text.length()
        + " characters); did you forget to hash?";
  }

  private void rejectType(JsonParser p, JsonToken t, int column, String expected)
      throws IOException {
    String text = wantsSample() ? textOf(p, t) : "";
    p.skipChildren();
    reject(
        column, text, PayloadReader.describe(t) + ", but " + keys[column] + " needs " + expected);
  }

  private static String textOf(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.START_ARRAY) {
      return "[…]";
    }
    if (t == JsonToken.START_OBJECT) {
      return "{…}";
    }
    return p.getText();
  }

  /** Whether the current row's first fault still needs its text (sampling is capped). */
  private boolean wantsSample() {
    return faultColumn < 0 && samples.size() < PayloadParser.MAX_SAMPLES;
  }

  /** Records a fault of the current row; only the first one per row counts and is sampled. */
  private void reject(int column, String value, String reason) {
    if (faultColumn >= 0) {
      return;
    }
    faultColumn = column < 0 ? Integer.MAX_VALUE : column;
    faultValue = value;
    faultReason = reason;
  }

  int rowsReceived() {
    return rowsReceived;
  }

  int invalidEntries() {
    return invalidEntries;
  }

  List<InvalidEntry> samples() {
    return samples;
  }

  RowBlock build() {
    return block.build();
  }
}
