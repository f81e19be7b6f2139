package dev.matchlist.server.graph;

/**
 * Runs around every routed request, in registration order: the place for checks that apply to all
 * routes (access token, appsecret_proof, rate limits, usage headers). Call {@code next} to go on,
 * or throw a {@link GraphException} to answer with an error instead.
 */
@FunctionalInterface
public interface GraphInterceptor {
  GraphResponse intercept(GraphRequest request, GraphHandler next);
}
