package dev.matchlist.server.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A successful answer: status, JSON body and any headers a handler adds (usage headers, ETag). The
 * wire layer adds the headers every Graph answer carries (content type, version, trace ids,
 * no-cache), so handlers set only their own.
 *
 * @param body UTF-8 JSON, written as is
 */
public record GraphResponse(int status, byte[] body, Map<String, String> headers) {

  public GraphResponse {
    headers = Map.copyOf(headers);
  }

  /** HTTP 200 with the value serialized by Jackson (a record, a map, a {@code JsonNode}). */
  public static GraphResponse ok(Object value) {
    try {
      return new GraphResponse(200, GraphJson.MAPPER.writeValueAsBytes(value), Map.of());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("answer is not serializable to JSON: " + value, e);
    }
  }

  /** HTTP 200 with JSON bytes already written (the hot path writes with a streaming generator). */
  public static GraphResponse okJson(byte[] json) {
    return new GraphResponse(200, json, Map.of());
  }

  /** A copy with one more header (replacing one of the same name). */
  public GraphResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new GraphResponse(status, body, copy);
  }
}
