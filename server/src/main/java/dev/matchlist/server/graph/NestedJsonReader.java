package dev.matchlist.server.graph;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Reads one parameter's nested JSON object or array in place while a JSON body is decoded, so that
 * a big value (a 10,000-row {@code payload}) is parsed once instead of skipped by the body's
 * decoder and parsed again by its handler. Registered per parameter name with {@link
 * GraphRoutes.Builder#readNestedJson}; the result reaches the handler through {@link
 * ParamValue#decoded}.
 */
@FunctionalInterface
public interface NestedJsonReader {
  /**
   * Reads the value whose first token ({@code START_OBJECT} or {@code START_ARRAY}) is the parser's
   * current one, leaving the parser on the value's last token.
   *
   * @param sizeHint the bytes left in the body from the value on: an upper bound of its length
   * @return what the handler will get from {@link ParamValue#decoded}
   * @throws GraphException what the handler gets instead, when it asks; the decoder skips the rest
   *     of the value and goes on, so that errors keep their order (auth before payload)
   * @throws IOException when the JSON itself is malformed: the whole body is then refused
   */
  Object read(JsonParser parser, int sizeHint) throws IOException;
}
