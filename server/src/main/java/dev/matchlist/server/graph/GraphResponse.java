package dev.matchlist.server.graph;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A successful answer: status, JSON body and any headers a handler adds (usage headers, ETag). The
 * wire layer adds the headers every Graph answer carries (content type, version, trace ids,
 * no-cache), so handlers set only their own.
 *
 * @param body UTF-8 JSON, written as is (empty when streamed)
 * @param streamed writes a body too large to hold in memory straight to the connection (chunked);
 *     null for the usual whole body
 */
public record GraphResponse(
    int status, byte[] body, Map<String, String> headers, @Nullable StreamedBody streamed) {

  /** Writes a body as it is produced. A failure mid-way can only cut the answer short. */
  @FunctionalInterface
  public interface StreamedBody {
    void writeTo(OutputStream out) throws IOException;
  }

  public GraphResponse {
    headers = Map.copyOf(headers);
  }

  public GraphResponse(int status, byte[] body, Map<String, String> headers) {
    this(status, body, headers, null);
  }

  /** HTTP 200 whose body {@code streamed} writes as it goes. */
  public static GraphResponse okStreamed(Map<String, String> headers, StreamedBody streamed) {
    return new GraphResponse(200, new byte[0], headers, streamed);
  }

  /** HTTP 200 with the value serialized by Jackson (a record, a map, a {@code JsonNode}). */
  public static GraphResponse ok(Object value) {
    try {
      return new GraphResponse(200, GraphJson.MAPPER.writeValueAsBytes(value), Map.of());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("answer is not serializable to JSON: " + value, e);
    }
  }

  /** Writes a JSON body with Jackson's streaming generator. */
  @FunctionalInterface
  public interface JsonBody {
    void writeTo(JsonGenerator json) throws IOException;
  }

  /**
   * HTTP 200 with the JSON {@code body} writes: no tree, no reflection, for answers on a hot path
   * (a membership look-up).
   */
  public static GraphResponse okJson(JsonBody body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = GraphJson.FACTORY.createGenerator(out)) {
      body.writeTo(json);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return new GraphResponse(200, out.toByteArray(), Map.of());
  }

  /** A copy with one more header (replacing one of the same name). */
  public GraphResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new GraphResponse(status, body, copy, streamed);
  }
}
