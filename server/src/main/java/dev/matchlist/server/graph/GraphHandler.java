package dev.matchlist.server.graph;

/**
 * Answers one route. Plain blocking code: each request runs on its own virtual thread. Throw a
 * {@link GraphException} to answer with a Graph error; any other exception becomes code 1 (HTTP
 * 500, transient) and is logged with its fbtrace_id.
 */
@FunctionalInterface
public interface GraphHandler {
  GraphResponse handle(GraphRequest request);
}
