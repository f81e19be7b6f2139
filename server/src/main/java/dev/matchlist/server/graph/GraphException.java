package dev.matchlist.server.graph;

/**
 * Thrown by handlers (and by the wire layer itself) to answer with a Graph error envelope. It
 * carries no stack trace: it is an answer, not a bug. Build one with {@link
 * GraphError#exception()}.
 */
public final class GraphException extends RuntimeException {

  private final GraphError error;

  public GraphException(GraphError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  public GraphError error() {
    return error;
  }
}
