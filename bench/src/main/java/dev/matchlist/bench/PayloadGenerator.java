package dev.matchlist.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/** Synthetic upload payloads (random SHA-256 hex cells), as the SDKs send them: schema first. */
public final class PayloadGenerator {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private PayloadGenerator() {}

  /**
   * A payload of {@code rows} rows over {@code schema}, every cell a random 64-character hex
   * SHA-256, as compact UTF-8 JSON. A one-key schema is written as a string with a flat list of
   * hashes, the way Meta's single-key examples do.
   */
  public static byte[] hashedRows(List<String> schema, int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder json = new StringBuilder(rows * schema.size() * 70 + 64);
    boolean single = schema.size() == 1;
    json.append("{\"schema\":");
    if (single) {
      json.append('"').append(schema.get(0)).append('"');
    } else {
      json.append('[');
      for (int c = 0; c < schema.size(); c++) {
        json.append(c == 0 ? "\"" : ",\"").append(schema.get(c)).append('"');
      }
      json.append(']');
    }
    json.append(",\"data\":[");
    for (int r = 0; r < rows; r++) {
      json.append(r == 0 ? "" : ",");
      if (!single) {
        json.append('[');
      }
      for (int c = 0; c < schema.size(); c++) {
        json.append(c == 0 ? "\"" : ",\"");
        for (int i = 0; i < 64; i++) {
          json.append(HEX[random.nextInt(16)]);
        }
        json.append('"');
      }
      if (!single) {
        json.append(']');
      }
    }
    json.append("]}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }
}
