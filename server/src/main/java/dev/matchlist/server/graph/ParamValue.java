package dev.matchlist.server.graph;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One request parameter as it arrived: a text value (query string, form field, JSON-body string) or
 * UTF-8 bytes that were never turned into a {@code String} (a multipart part, a nested object of a
 * JSON body, which stays a slice of the body's bytes).
 *
 * <p>Graph treats every parameter as text that may hold JSON: {@code subtype="CUSTOM"} (the quotes
 * sent) means {@code CUSTOM}; {@code payload='{"schema":…}'} and a nested {@code "payload":{…}}
 * mean the same object. Small control values are read with {@link #stringValue()} or {@link
 * #asJson()}; big ones (a 10,000-row {@code payload} is ~700 KB) should be streamed with {@link
 * #jsonParser(JsonFactory)}, which reads the bytes or text in place without building a tree.
 *
 * <p>Byte-backed values share the request body's array: they are valid for the request's lifetime
 * and must not be modified.
 */
public final class ParamValue {

  private static final JsonFactory JSON = GraphJson.FACTORY;

  private final @Nullable String text;
  private final byte @Nullable [] bytes;
  private final int offset;
  private final int length;
  private final boolean nativeJson;
  // What a NestedJsonReader made of a nested value while the body was decoded, or its error.
  private final @Nullable Object decoded;
  private final @Nullable GraphException decodeError;

  private ParamValue(
      @Nullable String text, byte @Nullable [] bytes, int offset, int length, boolean nativeJson) {
    this(text, bytes, offset, length, nativeJson, null, null);
  }

  private ParamValue(
      @Nullable String text,
      byte @Nullable [] bytes,
      int offset,
      int length,
      boolean nativeJson,
      @Nullable Object decoded,
      @Nullable GraphException decodeError) {
    this.text = text;
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
    this.nativeJson = nativeJson;
    this.decoded = decoded;
    this.decodeError = decodeError;
  }

  /** A value that arrived as text (query, urlencoded form, a string or scalar of a JSON body). */
  public static ParamValue ofText(String text) {
    return new ParamValue(text, null, 0, 0, false);
  }

  /** A value that arrived as UTF-8 bytes (a multipart part); the array is not copied. */
  public static ParamValue ofUtf8(byte[] bytes, int offset, int length) {
    return new ParamValue(null, bytes, offset, length, false);
  }

  /** A nested object or array of a JSON body, as a slice of the body; the array is not copied. */
  public static ParamValue ofJsonSlice(byte[] bytes, int offset, int length) {
    return new ParamValue(null, bytes, offset, length, true);
  }

  /** This slice, with what its {@link NestedJsonReader} read from it (or the error it threw). */
  ParamValue withDecoded(@Nullable Object value, @Nullable GraphException error) {
    return new ParamValue(text, bytes, offset, length, nativeJson, value, error);
  }

  /**
   * What the parameter's {@link NestedJsonReader} read while the body was decoded, when it is of
   * {@code type}; empty when no reader ran (the value came as text, a form field, a multipart
   * part), so the caller parses the value itself.
   *
   * @throws GraphException the reader's error, at the point the handler asks for the value
   */
  public <T> Optional<T> decoded(Class<T> type) {
    if (decodeError != null) {
      throw decodeError;
    }
    return type.isInstance(decoded) ? Optional.of(type.cast(decoded)) : Optional.empty();
  }

  /** Whether this value was a nested JSON object or array in a JSON body (the Node SDK's way). */
  public boolean isNativeJson() {
    return nativeJson;
  }

  /** The value as sent: the text, or the UTF-8 decoding of the bytes (JSON text for slices). */
  public String text() {
    return text != null ? text : new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  /**
   * The value as a plain string: a value that is a JSON string literal ({@code "CUSTOM"} with the
   * quotes, as Meta's curl examples send) is decoded; anything else is {@link #text()}.
   */
  public String stringValue() {
    String value = text();
    String trimmed = value.strip();
    if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
      try {
        JsonNode node = GraphJson.MAPPER.readTree(trimmed);
        if (node.isTextual()) {
          return node.textValue();
        }
      } catch (JsonProcessingException notJson) {
        // quotes that are part of the value, e.g. "a" "b"
      }
    }
    return value;
  }

  /**
   * The value as a JSON tree: the text parsed as JSON when it is JSON, otherwise a JSON string of
   * the text ({@code CUSTOM} and {@code "CUSTOM"} both give the string CUSTOM). Meant for small
   * control values; use {@link #jsonParser(JsonFactory)} for payloads.
   */
  public JsonNode asJson() {
    try {
      JsonNode node = nativeJson ? GraphJson.MAPPER.readTree(jsonParser(JSON)) : parse(text());
      return node == null || node.isMissingNode() ? TextNode.valueOf(text()) : node;
    } catch (IOException notJson) {
      return TextNode.valueOf(text());
    }
  }

  /**
   * A streaming parser over the value's JSON, reading the request's bytes (or the decoded text) in
   * place. The caller reports parse errors: a value that is not JSON fails on the first token.
   */
  public JsonParser jsonParser(JsonFactory factory) throws IOException {
    return bytes != null ? factory.createParser(bytes, offset, length) : factory.createParser(text);
  }

  /** Length in bytes (for byte-backed values) or chars (for text), for size limits and logs. */
  public int size() {
    return bytes != null ? length : text.length();
  }

  @Override
  public String toString() {
    return size() > 200 ? text().substring(0, 200) + "…" : text();
  }

  private static JsonNode parse(String value) throws IOException {
    return GraphJson.MAPPER.readTree(value);
  }
}
