package dev.matchlist.server.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.matchlist.server.graph.GraphError;
import dev.matchlist.server.graph.GraphJson;
import dev.matchlist.server.graph.ParamValue;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code session} parameter into a {@link BatchHeader}. It may arrive as a nested object
 * (Node SDK), as JSON text (form and multipart clients), or JSON text inside a JSON string; ids may
 * be numbers or numeric strings ({@code session_id} often exceeds what JavaScript numbers hold, so
 * clients send it as a string). Anything else is a code 100 error naming the field.
 */
final class SessionParam {
  private SessionParam() {}

  static BatchHeader parse(Optional<ParamValue> param) {
    if (param.isEmpty() || param.get().text().isBlank()) {
      return BatchHeader.none();
    }
    JsonNode session = param.get().asJson();
    if (session.isTextual()) {
      session = reparse(session.textValue());
    }
    if (!session.isObject()) {
      throw bad(
          "session must be a JSON object like {\"session_id\":123,\"batch_seq\":1,"
              + "\"last_batch_flag\":false}");
    }
    Long sessionId = positiveLong(session, "session_id");
    Long batchSeq = positiveLong(session, "batch_seq");
    if (batchSeq != null && batchSeq > Integer.MAX_VALUE) {
      throw bad("session.batch_seq " + batchSeq + " is too large");
    }
    boolean last = flag(session, "last_batch_flag");
    Long estimated = nonNegativeLong(session, "estimated_num_total");
    if (sessionId == null && (batchSeq != null || last)) {
      throw bad("session.session_id is required when batch_seq or last_batch_flag is sent");
    }
    return new BatchHeader(
        sessionId, batchSeq == null ? null : batchSeq.intValue(), last, estimated);
  }

  private static JsonNode reparse(String text) {
    try {
      return GraphJson.MAPPER.readTree(text);
    } catch (java.io.IOException notJson) {
      throw bad("session is not valid JSON");
    }
  }

  private static @Nullable Long positiveLong(JsonNode session, String field) {
    Long value = integer(session, field);
    if (value != null && value <= 0) {
      throw bad("session." + field + " must be a positive integer, not " + value);
    }
    return value;
  }

  private static @Nullable Long nonNegativeLong(JsonNode session, String field) {
    Long value = integer(session, field);
    if (value != null && value < 0) {
      throw bad("session." + field + " must not be negative, not " + value);
    }
    return value;
  }

  /** A JSON integer within int64, or a string of digits; null when absent or null. */
  private static @Nullable Long integer(JsonNode session, String field) {
    JsonNode node = session.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isTextual() && node.textValue().matches("-?[0-9]{1,19}")) {
      try {
        return Long.parseLong(node.textValue());
      } catch (NumberFormatException tooBig) {
        // falls through to the error below
      }
    }
    throw bad(
        "session."
            + field
            + " must be an integer (a JSON number or a string of digits) within 64 bits, not "
            + abbreviated(node));
  }

  private static boolean flag(JsonNode session, String field) {
    JsonNode node = session.get(field);
    if (node == null || node.isNull()) {
      return false;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    Map<String, Boolean> spelled = Map.of("true", true, "false", false, "1", true, "0", false);
    Boolean value = spelled.get(node.isTextual() ? node.textValue() : node.toString());
    if (value == null) {
      throw bad("session." + field + " must be true or false, not " + abbreviated(node));
    }
    return value;
  }

  private static String abbreviated(JsonNode node) {
    String text = node.toString();
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }

  private static RuntimeException bad(String detail) {
    return GraphError.invalidParameter(detail).exception();
  }
}
