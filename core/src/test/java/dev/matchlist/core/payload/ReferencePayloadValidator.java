package dev.matchlist.core.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.SchemaKey.CellKind;
import dev.matchlist.core.normalize.Normalized;
import dev.matchlist.core.normalize.Normalizer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The payload rules written the slow, obvious way over a jackson-databind tree, to compare the
 * streaming parser against. Its outcome is a text summary: the error kind, or every valid row's
 * cells and every rejected row's index and first bad column.
 */
final class ReferencePayloadValidator {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern DECIMAL =
      Pattern.compile("-?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final String EMPTY_HASH =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final PayloadException.Kind kind;

    Failure(PayloadException.Kind kind) {
      super(kind.name(), null, false, false);
      this.kind = kind;
    }
  }

  /** The outcome of {@code json} by the reference rules. */
  static String outcome(String json) {
    try {
      return validate(MAPPER.readTree(json));
    } catch (Failure f) {
      return "error " + f.kind;
    } catch (Exception e) {
      return "error " + PayloadException.Kind.MALFORMED_JSON;
    }
  }

  /** The same summary of what the streaming parser produced. */
  static String outcomeOf(PayloadParser parser, String json) {
    try {
      ValidatedPayload payload = parser.parse(json.getBytes(StandardCharsets.UTF_8));
      StringBuilder out = new StringBuilder();
      out.append("received ").append(payload.rowsReceived()).append('\n');
      RowBlock rows = payload.rows();
      for (int r = 0; r < rows.size(); r++) {
        out.append("row ").append(rows.originalRow(r));
        for (int c = 0; c < payload.schema().size(); c++) {
          out.append(' ');
          if (!rows.isPresent(c, r)) {
            out.append('-');
            continue;
          }
          switch (payload.schema().get(c).cellKind()) {
            case HASH, CLEAR_ID -> {
              byte[] id = new byte[32];
              rows.copyIdentifier(c, r, id, 0);
              out.append(HexFormat.of().formatHex(id));
            }
            case NUMBER -> out.append(rows.number(c, r));
            case INTEGER -> out.append(rows.integer(c, r));
            case OPTIONS -> out.append(rows.options(c, r));
          }
        }
        out.append('\n');
      }
      out.append("invalid ").append(payload.invalidEntries()).append('\n');
      for (InvalidEntry e : payload.invalidSamples()) {
        out.append("bad ").append(e.row()).append(' ').append(e.key()).append(' ');
        out.append(e.value()).append('\n');
      }
      return out.toString();
    } catch (PayloadException e) {
      return "error " + e.kind();
    }
  }

  private static String validate(JsonNode root) throws Exception {
    if (!root.isObject()) {
      throw new Failure(PayloadException.Kind.NOT_AN_OBJECT);
    }
    JsonNode schemaNode = root.get("schema");
    if (schemaNode == null) {
      throw new Failure(PayloadException.Kind.MISSING_SCHEMA);
    }
    List<SchemaKey> schema = new ArrayList<>();
    if (schemaNode.isTextual()) {
      if (schemaNode.asText().isEmpty()) {
        throw new Failure(PayloadException.Kind.EMPTY_SCHEMA);
      }
      schema.add(key(schemaNode.asText()));
    } else if (schemaNode.isArray()) {
      for (JsonNode name : schemaNode) {
        if (!name.isTextual()) {
          throw new Failure(PayloadException.Kind.WRONG_TYPE);
        }
        SchemaKey key = key(name.asText());
        if (schema.contains(key)) {
          throw new Failure(PayloadException.Kind.DUPLICATE_KEY);
        }
        schema.add(key);
      }
      if (schema.isEmpty()) {
        throw new Failure(PayloadException.Kind.EMPTY_SCHEMA);
      }
    } else {
      throw new Failure(PayloadException.Kind.WRONG_TYPE);
    }
    JsonNode data = root.get("data");
    if (data == null) {
      throw new Failure(PayloadException.Kind.MISSING_DATA);
    }
    if (!data.isArray()) {
      throw new Failure(PayloadException.Kind.WRONG_TYPE);
    }
    StringBuilder valid = new StringBuilder();
    StringBuilder samples = new StringBuilder();
    int invalid = 0;
    int index = 0;
    for (JsonNode row : data) {
      if (index == PayloadParser.MAX_ROWS) {
        throw new Failure(PayloadException.Kind.TOO_MANY_ROWS);
      }
      List<JsonNode> cells = new ArrayList<>();
      if (row.isArray()) {
        row.forEach(cells::add);
      } else {
        cells.add(row);
      }
      if (cells.size() != schema.size() || (!row.isArray() && schema.size() != 1)) {
        throw new Failure(PayloadException.Kind.ROW_LENGTH_MISMATCH);
      }
      StringBuilder line = new StringBuilder("row " + index);
      String badKey = null;
      String badValue = null;
      int identifiers = 0;
      boolean country = false;
      boolean state = false;
      for (int c = 0; c < cells.size(); c++) {
        SchemaKey key = schema.get(c);
        JsonNode cell = cells.get(c);
        String text = sampleText(key, cell);
        String rendered = render(key, cell);
        if (rendered == null) {
          if (badKey == null) {
            badKey = key.name();
            badValue = text;
          }
          continue;
        }
        if (!rendered.equals("-")) {
          identifiers += key.isIdentifier() ? 1 : 0;
          country |= key == SchemaKey.DATA_PROCESSING_OPTIONS_COUNTRY;
          state |= key == SchemaKey.DATA_PROCESSING_OPTIONS_STATE;
        }
        line.append(' ').append(rendered);
      }
      if (badKey == null && identifiers == 0) {
        badKey = "null";
        badValue = "";
      } else if (badKey == null && country && !state) {
        badKey = SchemaKey.DATA_PROCESSING_OPTIONS_COUNTRY.name();
        badValue = "";
      }
      if (badKey == null) {
        valid.append(line).append('\n');
      } else {
        if (invalid < PayloadParser.MAX_SAMPLES) {
          String shown = badValue.length() <= 80 ? badValue : badValue.substring(0, 79) + "…";
          samples.append("bad ").append(index).append(' ').append(badKey).append(' ');
          samples.append(shown).append('\n');
        }
        invalid++;
      }
      index++;
    }
    if (index == 0) {
      throw new Failure(PayloadException.Kind.MISSING_DATA);
    }
    return "received " + index + "\n" + valid + "invalid " + invalid + "\n" + samples;
  }

  /** What a sample shows of a bad cell: for options, the first bad option. */
  private static String sampleText(SchemaKey key, JsonNode cell) {
    if (key.cellKind() == CellKind.OPTIONS && cell.isArray()) {
      for (JsonNode option : cell) {
        if (!option.isTextual() || !option.asText().equals("LDU")) {
          return shown(option);
        }
      }
    }
    return shown(cell);
  }

  private static String shown(JsonNode node) {
    return node.isArray() ? "[…]" : node.isObject() ? "{…}" : node.asText();
  }

  private static SchemaKey key(String name) throws Failure {
    return SchemaKey.fromWireName(name)
        .orElseThrow(() -> new Failure(PayloadException.Kind.UNKNOWN_KEY));
  }

  /** The cell as the summary shows it, "-" when absent, null when invalid. */
  private static String render(SchemaKey key, JsonNode cell) throws Exception {
    boolean empty = cell.isNull() || (cell.isTextual() && cell.asText().isEmpty());
    if (empty) {
      return "-";
    }
    CellKind kind = key.cellKind();
    if (kind == CellKind.HASH) {
      if (!cell.isTextual() || !HEX64.matcher(cell.asText()).matches()) {
        return null;
      }
      String hex = cell.asText().toLowerCase(Locale.ROOT);
      return hex.equals(EMPTY_HASH) ? "-" : hex;
    }
    if (kind == CellKind.CLEAR_ID) {
      if (!cell.isTextual() && !cell.isIntegralNumber()) {
        return null;
      }
      Normalized n = Normalizer.standard().normalize(key, cell.asText());
      if (!n.isValid()) {
        return null;
      }
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(n.value().getBytes(StandardCharsets.UTF_8)));
    }
    if (kind == CellKind.NUMBER) {
      double value;
      if (cell.isNumber()) {
        value = cell.asDouble();
      } else if (cell.isTextual() && DECIMAL.matcher(cell.asText()).matches()) {
        value = Double.parseDouble(cell.asText());
      } else {
        return null;
      }
      return value >= 0 && value != Double.POSITIVE_INFINITY ? Double.toString(value + 0.0) : null;
    }
    if (kind == CellKind.INTEGER) {
      long value;
      if (cell.isIntegralNumber() && cell.canConvertToInt()) {
        value = cell.asInt();
      } else if (cell.isTextual() && cell.asText().matches("\\d{1,9}")) {
        value = Long.parseLong(cell.asText());
      } else {
        return null;
      }
      boolean allowed =
          key == SchemaKey.DATA_PROCESSING_OPTIONS_COUNTRY
              ? value == 0 || value == 1
              : value == 0 || (value >= 1000 && value <= 1013);
      return allowed ? Long.toString(value) : null;
    }
    if (!cell.isArray()) {
      return null;
    }
    for (JsonNode option : cell) {
      if (!option.isTextual() || !option.asText().equals("LDU")) {
        return null;
      }
    }
    return cell.isEmpty() ? "0" : "1";
  }

  private ReferencePayloadValidator() {}
}
