package dev.matchlist.server.graph;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.stream.RecursionMode;
import org.jspecify.annotations.Nullable;

/**
 * Turns a query string and a body into {@link GraphParams}, accepting every shape real clients send
 * (spec §5.2, §7): urlencoded forms, multipart/form-data, JSON objects, and JSON sent with a form
 * content type (Meta's own curl example). The body is sniffed: whatever the content type says, a
 * body whose first non-blank byte is <code>{</code> is JSON (a urlencoded form cannot start so),
 * unless it is multipart.
 */
final class ParamDecoder {

  private static final MimeConfig MULTIPART_LIMITS =
      MimeConfig.custom()
          .setMaxLineLen(-1)
          .setMaxHeaderLen(-1)
          .setMaxHeaderCount(-1)
          .setMaxContentLen(-1)
          .build();

  private ParamDecoder() {}

  /**
   * Decodes query and body; body values replace query values of the same name.
   *
   * @throws GraphException code 100 when the body is malformed, saying where
   */
  static GraphParams decode(
      @Nullable String rawQuery, byte[] body, int bodyLength, @Nullable String contentType) {
    return decode(rawQuery, body, bodyLength, contentType, Map.of());
  }

  /**
   * {@link #decode(String, byte[], int, String)}, with the nested JSON values of a JSON body whose
   * names {@code readers} has read by them as the body is decoded (see {@link NestedJsonReader}).
   */
  static GraphParams decode(
      @Nullable String rawQuery,
      byte[] body,
      int bodyLength,
      @Nullable String contentType,
      Map<String, NestedJsonReader> readers) {
    boolean hasQuery = rawQuery != null && !rawQuery.isEmpty();
    if (!hasQuery && bodyLength == 0) {
      return GraphParams.empty(); // most GETs
    }
    Map<String, ParamValue> values = new LinkedHashMap<>();
    if (hasQuery) {
      decodeForm(rawQuery, "query string", values);
    }
    if (bodyLength > 0) {
      decodeBody(body, bodyLength, contentType, readers, values);
    }
    return new GraphParams(values);
  }

  private static void decodeBody(
      byte[] body,
      int length,
      @Nullable String contentType,
      Map<String, NestedJsonReader> readers,
      Map<String, ParamValue> into) {
    String mediaType = mediaType(contentType);
    if (mediaType.equals("multipart/form-data")) {
      decodeMultipart(body, length, contentType, into);
      return;
    }
    int first = firstNonBlank(body, length);
    if (first == length) {
      return; // blank body: nothing sent
    }
    if (body[first] == '{' || mediaType.equals("application/json") || mediaType.endsWith("+json")) {
      decodeJsonObject(body, length, readers, into);
      return;
    }
    decodeForm(new String(body, 0, length, StandardCharsets.UTF_8), "request body", into);
  }

  /** {@code a=1&b=%7B%7D}; '+' is a space; a name without '=' has the empty value. */
  static void decodeForm(String encoded, String where, Map<String, ParamValue> into) {
    int start = 0;
    while (start <= encoded.length()) {
      int end = encoded.indexOf('&', start);
      if (end < 0) {
        end = encoded.length();
      }
      if (end > start) {
        int eq = encoded.indexOf('=', start);
        String name =
            eq < 0 || eq > end ? encoded.substring(start, end) : encoded.substring(start, eq);
        String value = eq < 0 || eq > end ? "" : encoded.substring(eq + 1, end);
        into.put(urlDecode(name, where), ParamValue.ofText(urlDecode(value, where)));
      }
      start = end + 1;
    }
  }

  private static String urlDecode(String text, String where) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw GraphError.invalidParameter(
              "Malformed percent-encoding in the " + where + ": " + e.getMessage())
          .exception();
    }
  }

  /**
   * A top-level JSON object: strings and scalars become text values; nested objects and arrays stay
   * slices of the body (no tree, no copy), read by their {@link NestedJsonReader} if one is named
   * for them; nulls count as not sent.
   */
  private static void decodeJsonObject(
      byte[] body,
      int length,
      Map<String, NestedJsonReader> readers,
      Map<String, ParamValue> into) {
    try (JsonParser parser = GraphJson.FACTORY.createParser(body, 0, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw GraphError.invalidParameter(
                "The request body is JSON but not a JSON object; send the parameters as"
                    + " {\"name\": value, ...}")
            .exception();
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken valueToken = parser.nextToken();
        switch (valueToken) {
          case START_OBJECT, START_ARRAY -> {
            int start = (int) parser.currentTokenLocation().getByteOffset();
            NestedJsonReader reader = readers.get(name);
            if (reader == null) {
              parser.skipChildren();
              int end = (int) parser.currentLocation().getByteOffset();
              into.put(name, ParamValue.ofJsonSlice(body, start, end - start));
            } else {
              into.put(name, readNested(parser, reader, body, start, length));
            }
          }
          case VALUE_NULL -> into.remove(name);
          default -> into.put(name, ParamValue.ofText(parser.getText()));
        }
      }
      if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw malformedJson(parser.currentLocation(), "unexpected content after the JSON object");
      }
    } catch (JsonProcessingException e) {
      throw malformedJson(e.getLocation(), e.getOriginalMessage());
    } catch (IOException e) {
      throw malformedJson(null, e.getMessage());
    }
  }

  /**
   * The nested value at the parser's current token, read by {@code reader}; when the reader throws
   * a Graph error, the rest of the value is skipped and the error kept for the handler.
   */
  private static ParamValue readNested(
      JsonParser parser, NestedJsonReader reader, byte[] body, int start, int length)
      throws IOException {
    JsonStreamContext outside = parser.getParsingContext().getParent();
    Object value = null;
    GraphException error = null;
    try {
      value = reader.read(parser, length - start);
    } catch (GraphException e) {
      error = e;
    }
    // A reader that stopped early (an error, or it read less) leaves the parser inside the value.
    while (parser.getParsingContext() != outside) {
      if (parser.nextToken() == null) {
        throw malformedJson(parser.currentLocation(), "the body ends inside a nested value");
      }
    }
    int end = (int) parser.currentLocation().getByteOffset();
    return ParamValue.ofJsonSlice(body, start, end - start).withDecoded(value, error);
  }

  private static GraphException malformedJson(@Nullable JsonLocation where, String problem) {
    String position =
        where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    return GraphError.invalidParameter(
            "Malformed JSON in the request body" + position + ": " + firstLine(problem))
        .exception();
  }

  /** Each part is one parameter, named by its Content-Disposition; its bytes are not decoded. */
  private static void decodeMultipart(
      byte[] body, int length, @Nullable String contentType, Map<String, ParamValue> into) {
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("boundary=")) {
      throw GraphError.invalidParameter(
              "multipart/form-data request body without a boundary in its Content-Type")
          .exception();
    }
    MimeTokenStream parts = new MimeTokenStream(MULTIPART_LIMITS);
    parts.setRecursionMode(RecursionMode.M_NO_RECURSE);
    parts.parseHeadless(new ByteArrayInputStream(body, 0, length), contentType);
    String name = null;
    try {
      for (EntityState state = parts.getState();
          state != EntityState.T_END_OF_STREAM;
          state = parts.next()) {
        switch (state) {
          case T_START_BODYPART -> name = null;
          case T_FIELD -> {
            Field field = parts.getField();
            if (field.getName().equalsIgnoreCase("Content-Disposition")) {
              name = dispositionName(field);
            }
          }
          case T_BODY -> {
            if (name != null) {
              byte[] value = parts.getDecodedInputStream().readAllBytes();
              into.put(name, ParamValue.ofUtf8(value, 0, value.length));
            }
          }
          default -> {}
        }
      }
    } catch (MimeException | IOException e) {
      throw GraphError.invalidParameter(
              "Malformed multipart/form-data request body: " + firstLine(e.getMessage()))
          .exception();
    }
  }

  private static @Nullable String dispositionName(Field field) throws MimeException {
    RawBody disposition =
        RawFieldParser.DEFAULT.parseRawBody(RawFieldParser.DEFAULT.parseField(field.getRaw()));
    for (NameValuePair parameter : disposition.getParams()) {
      if (parameter.getName().equalsIgnoreCase("name")) {
        return parameter.getValue();
      }
    }
    return null;
  }

  private static String mediaType(@Nullable String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.strip().toLowerCase(Locale.ROOT);
  }

  private static int firstNonBlank(byte[] body, int length) {
    int i = 0;
    while (i < length
        && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
      i++;
    }
    return i;
  }

  private static String firstLine(@Nullable String text) {
    if (text == null) {
      return "unreadable body";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
