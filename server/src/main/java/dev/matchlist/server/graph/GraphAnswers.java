package dev.matchlist.server.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every Graph answer carries, built in one place: the common headers, the error envelope and
 * the {@code WWW-Authenticate} header of authentication errors.
 */
final class GraphAnswers {

  static final String JSON_CONTENT_TYPE = "application/json; charset=UTF-8";

  private GraphAnswers() {}

  /** The headers Meta sends on every answer with the same value, in Meta's spelling. */
  static final Map<String, String> FIXED_HEADERS = fixedHeaders();

  static final String VERSION_HEADER = "facebook-api-version";
  static final String TRACE_ID_HEADER = "x-fb-trace-id";
  static final String REQUEST_ID_HEADER = "x-fb-request-id";

  private static Map<String, String> fixedHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", JSON_CONTENT_TYPE);
    headers.put("Cache-Control", "private, no-cache, no-store, must-revalidate");
    headers.put("Pragma", "no-cache");
    headers.put("Expires", "Sat, 01 Jan 2000 00:00:00 GMT");
    headers.put("Access-Control-Allow-Origin", "*");
    return Collections.unmodifiableMap(headers);
  }

  /** The headers Meta sends on every answer: the fixed ones, the version and fresh trace ids. */
  static Map<String, String> commonHeaders(String version, String traceId) {
    Map<String, String> headers = new LinkedHashMap<>(FIXED_HEADERS);
    headers.put(VERSION_HEADER, version);
    headers.put(TRACE_ID_HEADER, traceId);
    headers.put(REQUEST_ID_HEADER, TraceIds.nextRequestId());
    return headers;
  }

  /** {@code {"error":{...}}} with absent optional fields left out, fbtrace_id last as Meta does. */
  static byte[] errorBody(GraphError error, String traceId) {
    ObjectNode fields = GraphJson.MAPPER.createObjectNode();
    fields.put("message", error.message());
    fields.put("type", error.type());
    fields.put("code", error.code());
    if (error.errorSubcode() != null) {
      fields.put("error_subcode", error.errorSubcode());
    }
    if (error.errorUserTitle() != null) {
      fields.put("error_user_title", error.errorUserTitle());
    }
    if (error.errorUserMsg() != null) {
      fields.put("error_user_msg", error.errorUserMsg());
    }
    if (error.isTransient() != null) {
      fields.put("is_transient", error.isTransient());
    }
    fields.put("fbtrace_id", traceId);
    ObjectNode envelope = GraphJson.MAPPER.createObjectNode();
    envelope.set("error", fields);
    try {
      return GraphJson.MAPPER.writeValueAsBytes(envelope);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Headers an error adds: {@code WWW-Authenticate} for 104 ({@code invalid_request}: no token) and
   * 190 ({@code invalid_token}), as Graph sends them.
   */
  static Map<String, String> errorHeaders(GraphError error) {
    if (!error.isAuthenticationError()) {
      return Map.of();
    }
    String reason = error.code() == 104 ? "invalid_request" : "invalid_token";
    String message = error.message().replace('"', '\'');
    return Map.of(
        "WWW-Authenticate", "OAuth \"Facebook Platform\" \"" + reason + "\" \"" + message + "\"");
  }
}
