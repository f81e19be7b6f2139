package dev.matchlist.client;

import java.time.Duration;

/**
 * A call failed and is about to be tried again, after {@code wait}.
 *
 * @param request method and path, e.g. {@code POST /v21.0/123/users}
 * @param attempt the attempt that failed (1 = the first)
 * @param failure why it failed
 * @param delay how long the client waits before the next attempt
 */
public record RetryEvent(String request, int attempt, GraphException failure, Duration delay) {}
