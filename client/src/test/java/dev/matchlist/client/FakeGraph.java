package dev.matchlist.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A stand-in for Meta's Graph host on 127.0.0.1: records every request as it arrived and answers
 * from a script (queued answers first, then a default handler).
 */
final class FakeGraph implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received. */
  record Request(String method, String path, String rawQuery, String contentType, byte[] body) {
    Map<String, String> query() {
      return decode(rawQuery);
    }

    Map<String, String> form() {
      return decode(new String(body, StandardCharsets.US_ASCII));
    }

    /**
     * The body's parameters, form or JSON: a JSON body's strings as they are, its nested objects as
     * their JSON text (so {@code payload} and {@code session} read the same either way).
     */
    Map<String, String> params() {
      if (!contentType.equals("application/json")) {
        return form();
      }
      Map<String, String> params = new LinkedHashMap<>();
      try {
        JSON.readTree(body)
            .properties()
            .forEach(
                e ->
                    params.put(
                        e.getKey(),
                        e.getValue().isTextual()
                            ? e.getValue().textValue()
                            : e.getValue().toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return params;
    }

    /** The {@code payload} as sent in the body, its bytes counted: form-encoded or JSON. */
    String payloadAsSent() {
      String text = bodyText();
      if (contentType.equals("application/json")) {
        int start = text.indexOf("{\"payload\":") + 11;
        int end = text.indexOf(",\"session\":");
        return text.substring(start, end < 0 ? text.indexOf(",\"access_token\":") : end);
      }
      int start = text.indexOf("payload=") + 8;
      int end = text.indexOf('&', start);
      return text.substring(start, end < 0 ? text.length() : end);
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** An answer to send. */
  record Answer(int status, String contentType, String body, Map<String, String> headers) {
    static Answer json(int status, String body) {
      return new Answer(status, "application/json", body, Map.of());
    }

    Answer withHeader(String name, String value) {
      Map<String, String> all = new LinkedHashMap<>(headers);
      all.put(name, value);
      return new Answer(status, contentType, body, all);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final Deque<Answer> queued = new ArrayDeque<>();
  private volatile Function<Request, Answer> handler = r -> Answer.json(200, "{\"success\":true}");

  FakeGraph() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", this::handle);
    server.start();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers the next request with {@code answer}, before the handler's turn. */
  synchronized FakeGraph then(Answer answer) {
    queued.add(answer);
    return this;
  }

  FakeGraph otherwise(Function<Request, Answer> handler) {
    this.handler = handler;
    return this;
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  Request only() {
    List<Request> all = requests();
    if (all.size() != 1) {
      throw new AssertionError("expected one request, got " + all.size());
    }
    return all.get(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    Request request =
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            exchange.getRequestURI().getRawQuery() == null
                ? ""
                : exchange.getRequestURI().getRawQuery(),
            contentType == null ? "" : contentType,
            body);
    requests.add(request);
    Answer answer;
    synchronized (this) {
      answer = queued.poll();
    }
    if (answer == null) {
      answer = handler.apply(request);
    }
    byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
    try (OutputStream stream = exchange.getResponseBody()) {
      stream.write(out);
    }
  }

  static Map<String, String> decode(String form) {
    Map<String, String> params = new LinkedHashMap<>();
    if (form.isEmpty()) {
      return params;
    }
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (params.put(name, value) != null) {
        throw new AssertionError("parameter " + name + " sent twice");
      }
    }
    return params;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
