package dev.matchlist.server.graph;

/**
 * Thrown to answer with a complete response that is not a Graph error envelope — the emulator's
 * injected HTML error pages, which some proxies in front of Graph really send. Headers of the
 * answer (e.g. {@code Content-Type: text/html}) replace the common ones.
 */
public final class AnswerException extends RuntimeException {
  private final GraphResponse answer;

  public AnswerException(GraphResponse answer) {
    super("answer with HTTP " + answer.status(), null, false, false);
    this.answer = answer;
  }

  public GraphResponse answer() {
    return answer;
  }
}
