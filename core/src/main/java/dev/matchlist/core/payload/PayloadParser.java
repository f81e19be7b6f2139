package dev.matchlist.core.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.matchlist.core.normalize.Normalizer;
import java.io.IOException;
import java.util.Objects;

/**
 * Parses and validates a Marketing API {@code payload} ({@code {"schema": ..., "data": [...]}}),
 * the same way for the server's intake and the SDK's pre-flight check. Immutable and thread-safe.
 *
 * <pre>{@code
 * ValidatedPayload payload = new PayloadParser().parse(bytes);
 * payload.rows();           // the valid rows, columnar, 32 bytes per identifier
 * payload.invalidEntries(); // rows rejected, with samples saying why
 * }</pre>
 *
 * <p>A bad row is rejected alone and sampled; a bad request (not JSON, unknown schema key, a row of
 * the wrong length, more than {@value #MAX_ROWS} rows...) throws {@link PayloadException}, and
 * nothing else is thrown whatever the input bytes. Uses Jackson's streaming parser: hashed cells
 * are decoded straight from the parser's character buffer, with no object per cell (over 5 M rows/s
 * per core, see {@code PayloadValidationBenchmark}). A payload whose {@code data} comes before its
 * {@code schema} costs one extra copy of {@code data}; SDKs send {@code schema} first.
 */
public final class PayloadParser {
  /** Most rows one request may carry (Meta's documented limit). */
  public static final int MAX_ROWS = 10_000;

  /** Most invalid-entry samples kept per payload. */
  public static final int MAX_SAMPLES = 100;

  static final JsonFactory JSON = JsonFactory.builder().build();

  private final Normalizer normalizer;

  /** A parser that normalizes clear identifiers with {@link Normalizer#standard()}. */
  public PayloadParser() {
    this(Normalizer.standard());
  }

  /** A parser that normalizes clear identifiers (EXTERN_ID, MADID...) with {@code normalizer}. */
  public PayloadParser(Normalizer normalizer) {
    this.normalizer = Objects.requireNonNull(normalizer);
  }

  /** Parses a payload encoded as JSON in UTF-8 (or UTF-16/32, detected). */
  public ValidatedPayload parse(byte[] json) throws PayloadException {
    return parse(json, 0, json.length);
  }

  /** Parses the payload in {@code json[offset..offset+length)}. */
  public ValidatedPayload parse(byte[] json, int offset, int length) throws PayloadException {
    Objects.checkFromIndexSize(offset, length, json.length);
    try (JsonParser parser = JSON.createParser(json, offset, length)) {
      return parseDocument(parser, length);
    } catch (IOException e) {
      throw PayloadReader.malformed(e);
    }
  }

  /** Parses a payload given as JSON text. */
  public ValidatedPayload parse(String json) throws PayloadException {
    try (JsonParser parser = JSON.createParser(json)) {
      return parseDocument(parser, json.length());
    } catch (IOException e) {
      throw PayloadReader.malformed(e);
    }
  }

  /**
   * Parses the payload at the current token of {@code parser}, for a payload met inside a larger
   * JSON document (a request body). The current token must be the payload's {@code START_OBJECT},
   * or a string holding the payload as JSON text (clients that JSON-encode it twice). On return the
   * parser is on the payload's last token; it is not closed.
   *
   * @param sizeHint the payload's length in bytes or characters when known (the rows are then sized
   *     once, up front), else 0 (they start few and grow)
   * @throws IOException only when the parser's underlying source fails to read; JSON errors are
   *     {@link PayloadException}s
   */
  public ValidatedPayload parse(JsonParser parser, int sizeHint)
      throws PayloadException, IOException {
    if (parser.currentToken() == JsonToken.VALUE_STRING) {
      return parse(parser.getText());
    }
    try {
      return new PayloadReader(normalizer, sizeHint).read(parser);
    } catch (JsonProcessingException e) {
      throw PayloadReader.malformed(e);
    }
  }

  private ValidatedPayload parseDocument(JsonParser parser, int inputLength)
      throws IOException, PayloadException {
    if (parser.nextToken() == null) {
      throw new PayloadException(PayloadException.Kind.MALFORMED_JSON, "payload is empty");
    }
    ValidatedPayload payload = new PayloadReader(normalizer, inputLength).read(parser);
    if (parser.nextToken() != null) {
      throw new PayloadException(
          PayloadException.Kind.MALFORMED_JSON,
          "payload has more text after its closing '}' at " + PayloadReader.where(parser),
          parser.currentTokenLocation().getLineNr(),
          parser.currentTokenLocation().getColumnNr());
    }
    return payload;
  }
}
