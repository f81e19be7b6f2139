package dev.matchlist.core.payload;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.normalize.Normalizer;
import dev.matchlist.core.payload.PayloadException.Kind;
import dev.matchlist.core.payload.ValidatedPayload.SchemaForm;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Reads one payload object from a streaming parser. One instance per payload, not thread-safe. */
final class PayloadReader {
  private static final Pattern START_MARKER =
      Pattern.compile(
          " \\(start marker at \\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]\\)");
  private static final Pattern SOURCE = Pattern.compile(" ?\\[Source: [^\\]]*\\]");

  private final Normalizer normalizer;
  private final int inputLength;

  private @Nullable List<SchemaKey> schema;
  private SchemaForm schemaForm = SchemaForm.KEY_ARRAY;
  private @Nullable RowReader rows;
  private boolean sawData;
  private boolean isRaw;
  private List<String> appIds = List.of();
  private List<String> pageIds = List.of();
  private @Nullable DataSource dataSource;

  PayloadReader(Normalizer normalizer, int inputLength) {
    this.normalizer = normalizer;
    this.inputLength = inputLength;
  }

  /** Reads the payload whose first token is the parser's current token. */
  ValidatedPayload read(JsonParser p) throws IOException, PayloadException {
    JsonToken t = p.currentToken();
    if (t != JsonToken.START_OBJECT) {
      throw new PayloadException(
          Kind.NOT_AN_OBJECT,
          "payload must be a JSON object like {\"schema\":\"EMAIL\",\"data\":[...]}, not "
              + describe(t));
    }
    byte[] deferredData = null;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "schema" -> {
          if (schema != null) {
            throw twice("schema");
          }
          readSchema(p, value);
          if (deferredData != null) {
            readDeferredData(deferredData);
          }
        }
        case "data" -> {
          if (sawData) {
            throw twice("data");
          }
          sawData = true;
          if (schema != null) {
            readData(p, value);
          } else {
            deferredData = copyOf(p);
          }
        }
        case "is_raw" -> isRaw = readBoolean(p, value, "is_raw");
        case "app_ids" -> appIds = readIds(p, value, "app_ids");
        case "page_ids" -> pageIds = readIds(p, value, "page_ids");
        case "data_source" -> dataSource = readDataSource(p, value);
        default -> p.skipChildren(); // metadata, ig_account_ids, and fields yet unknown
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new PayloadException(Kind.MALFORMED_JSON, "payload ends before its closing '}'");
    }
    if (schema == null) {
      throw new PayloadException(
          Kind.MISSING_SCHEMA,
          "payload has no \"schema\": name the columns of data, e.g. \"schema\":[\"EMAIL\"]");
    }
    if (!sawData) {
      throw new PayloadException(
          Kind.MISSING_DATA, "payload has no \"data\": send the rows as \"data\":[[...],...]");
    }
    RowReader r = rows;
    return new ValidatedPayload(
        schema,
        schemaForm,
        r.rowsReceived(),
        r.build(),
        r.invalidEntries(),
        r.samples(),
        isRaw,
        appIds,
        pageIds,
        dataSource);
  }

  private void readSchema(JsonParser p, JsonToken t) throws IOException, PayloadException {
    List<SchemaKey> keys = new ArrayList<>();
    if (t == JsonToken.VALUE_STRING) {
      schemaForm = SchemaForm.SINGLE_KEY;
      String name = p.getText();
      if (name.isEmpty()) {
        throw emptySchema();
      }
      keys.add(resolve(name, -1));
    } else if (t == JsonToken.START_ARRAY) {
      schemaForm = SchemaForm.KEY_ARRAY;
      int position = 0;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t != JsonToken.VALUE_STRING) {
          p.skipChildren();
          throw new PayloadException(
              Kind.WRONG_TYPE,
              "schema["
                  + position
                  + "] is "
                  + describe(t)
                  + "; schema entries must be key names such as \"EMAIL\"");
        }
        SchemaKey key = resolve(p.getText(), position);
        int earlier = keys.indexOf(key);
        if (earlier >= 0) {
          throw new PayloadException(
              Kind.DUPLICATE_KEY,
              "schema names "
                  + key
                  + " twice (schema["
                  + earlier
                  + "] and schema["
                  + position
                  + "]); each key may appear once");
        }
        keys.add(key);
        position++;
      }
      if (keys.isEmpty()) {
        throw emptySchema();
      }
    } else {
      p.skipChildren();
      throw new PayloadException(
          Kind.WRONG_TYPE,
          "schema is "
              + describe(t)
              + "; it must be a key name (\"EMAIL\") or an array of key names ([\"EMAIL\",\"PHONE\"])");
    }
    schema = List.copyOf(keys);
  }

  private static SchemaKey resolve(String name, int position) throws PayloadException {
    return SchemaKey.fromWireName(name)
        .orElseThrow(
            () ->
                new PayloadException(
                    Kind.UNKNOWN_KEY,
                    "Raw PII type is invalid, it should be one of "
                        + SchemaKey.acceptedNames()
                        + " (got \""
                        + InvalidEntry.of(0, null, name, "").value()
                        + "\""
                        + (position >= 0 ? " at schema[" + position + "])" : ")")));
  }

  private static PayloadException emptySchema() {
    return new PayloadException(
        Kind.EMPTY_SCHEMA, "schema is empty: name at least one key, e.g. \"schema\":[\"EMAIL\"]");
  }

  private void readData(JsonParser p, JsonToken t) throws IOException, PayloadException {
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      throw new PayloadException(
          Kind.WRONG_TYPE, "data is " + describe(t) + "; it must be an array of rows");
    }
    List<SchemaKey> keys = schema;
    RowReader reader = new RowReader(keys, normalizer, initialCapacity(keys.size()));
    reader.readRows(p);
    rows = reader;
  }

  /** Parses {@code data} copied before the schema was known; the copy is known to be valid JSON. */
  private void readDeferredData(byte[] data) throws IOException, PayloadException {
    try (JsonParser copy = PayloadParser.JSON.createParser(data)) {
      readData(copy, copy.nextToken());
    }
  }

  /** Copies the current value as JSON bytes; parsing it checks its syntax on the way. */
  private static byte[] copyOf(JsonParser p) throws IOException {
    ByteArrayBuilder out = new ByteArrayBuilder();
    try (JsonGenerator g = PayloadParser.JSON.createGenerator(out)) {
      g.copyCurrentStructure(p);
    }
    return out.toByteArray();
  }

  private int initialCapacity(int columns) {
    if (inputLength <= 0) {
      return 256;
    }
    // A hashed cell takes at least 66 bytes ("" and 64 hex); overestimating is capped by the limit.
    long estimate = inputLength / (64L * columns) + 16;
    return (int) Math.min(estimate, PayloadParser.MAX_ROWS);
  }

  private static boolean readBoolean(JsonParser p, JsonToken t, String field)
      throws IOException, PayloadException {
    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE || t == JsonToken.VALUE_NULL) {
      return t == JsonToken.VALUE_TRUE;
    }
    if (t == JsonToken.VALUE_STRING
        && ("true".equals(p.getText()) || "false".equals(p.getText()))) {
      return "true".equals(p.getText()); // form-encoded clients send booleans as text
    }
    p.skipChildren();
    throw new PayloadException(
        Kind.WRONG_TYPE, field + " is " + describe(t) + "; it must be true or false");
  }

  private static List<String> readIds(JsonParser p, JsonToken t, String field)
      throws IOException, PayloadException {
    if (t == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      throw new PayloadException(
          Kind.WRONG_TYPE, field + " is " + describe(t) + "; it must be an array of ids");
    }
    List<String> ids = new ArrayList<>();
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
        p.skipChildren();
        throw new PayloadException(
            Kind.WRONG_TYPE,
            field + "[" + ids.size() + "] is " + describe(t) + "; ids are numbers or strings");
      }
      ids.add(p.getText());
    }
    return ids;
  }

  private static @Nullable DataSource readDataSource(JsonParser p, JsonToken t)
      throws IOException, PayloadException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      throw new PayloadException(
          Kind.WRONG_TYPE,
          "data_source is "
              + describe(t)
              + "; it must be an object like {\"sub_type\":\"ANYTHING\"}");
    }
    String type = null;
    String subType = null;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      t = p.nextToken();
      if (!"type".equals(field) && !"sub_type".equals(field)) {
        p.skipChildren();
        continue;
      }
      if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NULL) {
        p.skipChildren();
        throw new PayloadException(
            Kind.WRONG_TYPE,
            "data_source." + field + " is " + describe(t) + "; it must be a string");
      }
      String value = t == JsonToken.VALUE_NULL ? null : p.getText();
      if ("type".equals(field)) {
        type = value;
      } else {
        subType = value;
      }
    }
    return new DataSource(type, subType);
  }

  private static PayloadException twice(String field) {
    return new PayloadException(
        Kind.MALFORMED_JSON, "payload has two \"" + field + "\" fields; send it once");
  }

  /** A JSON token in words, for messages. */
  static String describe(@Nullable JsonToken t) {
    if (t == null) {
      return "missing";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> "a " + t.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** "line L, column C" of the parser's current token. */
  static String where(JsonParser p) {
    JsonLocation at = p.currentTokenLocation();
    return "line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  /** A Jackson failure as a payload error: what broke and where, without parser internals. */
  static PayloadException malformed(IOException e) {
    String detail = e.getMessage();
    int line = -1;
    int column = -1;
    if (e instanceof JsonProcessingException jpe) {
      detail = jpe.getOriginalMessage();
      JsonLocation at = jpe.getLocation();
      if (at != null) {
        line = at.getLineNr();
        column = at.getColumnNr();
      }
    }
    detail = firstLine(detail == null ? "unreadable input" : detail);
    String message =
        line > 0
            ? "payload is not valid JSON at line " + line + ", column " + column + ": " + detail
            : "payload is not valid JSON: " + detail;
    return new PayloadException(Kind.MALFORMED_JSON, message, line, column);
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    String line = newline >= 0 ? text.substring(0, newline) : text;
    // Jackson names its (redacted) source inside some messages: keep the position, drop the rest.
    line = START_MARKER.matcher(line).replaceAll(" (opened at line $1, column $2)");
    line = SOURCE.matcher(line).replaceAll("");
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }
}
