package dev.matchlist.client;

import java.util.Map;

/**
 * The answer to a users call.
 *
 * @param audienceId the audience
 * @param sessionId the session: the one sent, or the one the server made up
 * @param numReceived rows received in this session so far (cumulative, says Meta)
 * @param numInvalidEntries entries of this request the server found invalid
 * @param invalidEntrySamples the server's samples of invalid entries, as it sent them
 */
public record UsersResult(
    String audienceId,
    long sessionId,
    long numReceived,
    long numInvalidEntries,
    Map<String, Object> invalidEntrySamples) {
  public UsersResult {
    invalidEntrySamples = Map.copyOf(invalidEntrySamples);
  }
}
