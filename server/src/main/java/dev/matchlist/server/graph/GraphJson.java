package dev.matchlist.server.graph;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson setup of the wire layer: a streaming factory for bodies and payloads, and a
 * databind mapper for small values and answers that rejects trailing garbage ({@code "5 6"} is not
 * the number 5).
 */
public final class GraphJson {

  /** Streaming factory for payloads and bodies. */
  public static final JsonFactory FACTORY = JsonFactory.builder().build();

  /** Databind for small control-plane values and answers. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder(FACTORY).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private GraphJson() {}
}
