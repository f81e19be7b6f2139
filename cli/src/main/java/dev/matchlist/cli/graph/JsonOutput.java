package dev.matchlist.cli.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.PrintWriter;

/**
 * How {@code --json} prints: one line, snake_case names (as the Graph API spells its own). The
 * commands print their own view records of plain values, so no Optional or Duration reaches it.
 */
public final class JsonOutput {
  public static final ObjectMapper MAPPER =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private JsonOutput() {}

  /** Prints {@code value} as one JSON line and flushes. */
  public static void print(PrintWriter out, Object value) {
    try {
      out.println(MAPPER.writeValueAsString(value));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print " + value.getClass().getSimpleName(), e);
    }
  }
}
