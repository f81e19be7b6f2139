package dev.matchlist.server.graph;

import com.fasterxml.jackson.core.JsonParser;
import dev.matchlist.core.payload.PayloadException;
import dev.matchlist.core.payload.PayloadParser;
import dev.matchlist.core.payload.ValidatedPayload;
import java.io.IOException;

/**
 * For benchmarks: what the upload edge does with a request body before anything is stored — decode
 * the parameters with the server's own (package-private) {@link ParamDecoder}, then stream the
 * {@code payload} parameter through the {@link PayloadParser}. Lives in the server's package, in
 * the bench module, to reach the decoder without widening the server's API.
 */
public final class UploadDecoding {
  private UploadDecoding() {}

  /** The validated payload of an upload body. */
  public static ValidatedPayload payload(byte[] body, String contentType, PayloadParser parser)
      throws PayloadException, IOException {
    GraphParams params = ParamDecoder.decode(null, body, body.length, contentType);
    ParamValue payload = params.get("payload").orElseThrow();
    try (JsonParser json = payload.jsonParser(GraphJson.FACTORY)) {
      json.nextToken();
      return parser.parse(json, payload.size());
    }
  }
}
