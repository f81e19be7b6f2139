package dev.matchlist.server.graph;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random ids shaped like Meta's {@code fbtrace_id} (11 URL-safe base64 characters). They only need
 * to be unique enough to find a request in the logs, so no SecureRandom.
 */
final class TraceIds {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private TraceIds() {}

  static String next() {
    return random(8);
  }

  /** A longer id for {@code x-fb-request-id}. */
  static String nextRequestId() {
    return random(12);
  }

  private static String random(int bytes) {
    byte[] raw = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(raw);
    return ENCODER.encodeToString(raw);
  }
}
