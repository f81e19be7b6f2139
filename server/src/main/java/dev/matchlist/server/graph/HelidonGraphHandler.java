package dev.matchlist.server.graph;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Helidon handler: decodes the HTTP request into a {@link GraphRequest}, dispatches it on
 * {@link GraphRoutes} and writes the answer or the Graph error. Nothing past this class sees
 * Helidon.
 */
final class HelidonGraphHandler implements Handler {

  private static final Logger log = LoggerFactory.getLogger(HelidonGraphHandler.class);

  /** Past this many bytes an oversize body is no longer read to the end; the connection closes. */
  private static final long DRAIN_LIMIT = 256L * 1024 * 1024;

  private static final byte[] NO_BODY = new byte[0];

  /** From this size on a body is read and handled on the routes' big-body workers. */
  private static final long BIG_BODY_BYTES = 64 * 1024;

  private final GraphRoutes routes;
  private final ServerConfig config;
  private final HelidonCommonHeaders commonHeaders = new HelidonCommonHeaders();
  // About as many as uploads run at once (the upload workers); a 10,000-row body is under 4 MB.
  private final BodyBuffers bodyBuffers = new BodyBuffers(8, 16 * 1024 * 1024);

  HelidonGraphHandler(GraphRoutes routes, ServerConfig config) {
    this.routes = routes;
    this.config = config;
  }

  @Override
  public void handle(ServerRequest httpRequest, ServerResponse httpResponse) {
    String traceId = TraceIds.next();
    String version = config.defaultVersion();
    String rawQuery = httpRequest.query().rawValue();
    Exchange exchange = new Exchange();
    try {
      GraphPath path = GraphPath.parse(decodedPath(httpRequest), config.defaultVersion());
      version = path.version();
      GraphResponse response =
          workersFor(httpRequest)
              .call(
                  () -> {
                    exchange.request = decode(httpRequest, path, rawQuery, traceId, exchange);
                    return routes.dispatch(exchange.request);
                  });
      GraphRequest request = exchange.request;
      // the handler's own headers win over those added to the request on the way
      List<Map<String, String>> headers = List.of(request.responseHeaders(), response.headers());
      if (response.streamed() != null) {
        writeStreamed(httpResponse, response, version, traceId, headers);
      } else {
        write(httpResponse, response.status(), response.body(), version, traceId, headers);
      }
    } catch (GraphException e) {
      writeError(httpResponse, e.error(), exchange.request, rawQuery, version, traceId);
    } catch (AnswerException e) {
      Map<String, String> added =
          exchange.request == null ? Map.of() : exchange.request.responseHeaders();
      List<Map<String, String>> headers = List.of(added, e.answer().headers());
      write(httpResponse, e.answer().status(), e.answer().body(), version, traceId, headers);
    } catch (RuntimeException | Error e) {
      log.error(
          "unexpected failure in {} {} (fbtrace_id {})",
          httpRequest.prologue().method().text(),
          httpRequest.path().path(),
          traceId,
          e);
      writeError(
          httpResponse, GraphError.unknownError(), exchange.request, rawQuery, version, traceId);
    } finally {
      // only now: the request's parameters are slices of the body, read until the answer is sent
      if (exchange.leasedBody != null) {
        bodyBuffers.release(exchange.leasedBody);
      }
    }
  }

  /** The request's path, percent-decoded; a malformed one is the client's error, code 100. */
  private static String decodedPath(ServerRequest httpRequest) {
    try {
      return httpRequest.path().path();
    } catch (IllegalArgumentException e) {
      throw GraphError.invalidParameter(
              "Malformed percent-encoding in the path: " + httpRequest.path().rawPath())
          .exception();
    }
  }

  /** One request on its way: what is decoded so far, and the body array it holds. */
  private static final class Exchange {
    @Nullable GraphRequest request;
    byte @Nullable [] leasedBody;
    int bodyLength;
  }

  /** Big bodies (or bodies of unknown length) are read and handled off the carrier threads. */
  private PlatformWorkers workersFor(ServerRequest httpRequest) {
    if (!httpRequest.content().hasEntity()) {
      return PlatformWorkers.INLINE;
    }
    OptionalLong declared = httpRequest.headers().contentLength();
    return declared.isEmpty() || declared.getAsLong() >= BIG_BODY_BYTES
        ? routes.bigBodyWorkers()
        : PlatformWorkers.INLINE;
  }

  private GraphRequest decode(
      ServerRequest httpRequest,
      GraphPath path,
      String rawQuery,
      String traceId,
      Exchange exchange) {
    String methodName = httpRequest.prologue().method().text();
    GraphMethod httpMethod =
        GraphMethod.parse(methodName)
            .orElseThrow(() -> GraphError.unsupportedMethod(methodName).exception());
    byte[] body = readBody(httpRequest, exchange);
    String contentType = httpRequest.headers().first(HeaderNames.CONTENT_TYPE).orElse(null);
    GraphParams params =
        ParamDecoder.decode(
            rawQuery, body, exchange.bodyLength, contentType, routes.nestedJsonReaders());
    GraphRequest.Builder builder =
        GraphRequest.builder(effectiveMethod(httpMethod, params), path)
            .httpMethod(httpMethod)
            .params(params)
            .traceId(traceId)
            .baseUrl(() -> baseUrl(httpRequest))
            .headers(
                name ->
                    httpRequest
                        .headers()
                        .first(HeaderNames.createFromLowercase(name))
                        .orElse(null));
    return builder.build();
  }

  /** A POST may say what it means with {@code method=DELETE} (also GET, POST), in any case. */
  private static GraphMethod effectiveMethod(GraphMethod httpMethod, GraphParams params) {
    if (httpMethod != GraphMethod.POST) {
      return httpMethod;
    }
    return params
        .string("method")
        .map(
            name ->
                GraphMethod.parse(name.strip())
                    .orElseThrow(
                        () ->
                            GraphError.invalidParameter(
                                    "Unsupported method override: method="
                                        + name
                                        + " (use GET, POST or DELETE)")
                                .exception()))
        .orElse(GraphMethod.POST);
  }

  /**
   * Reads the whole body into one array (its only copy) and its length into {@code exchange}; a big
   * body of declared length goes into a reused array the exchange holds until it is answered. Over
   * the limit, the rest is read and thrown away so the client, still sending, gets the error
   * instead of a reset connection.
   */
  private byte[] readBody(ServerRequest httpRequest, Exchange exchange) {
    exchange.bodyLength = 0;
    if (!httpRequest.content().hasEntity()) {
      return NO_BODY;
    }
    long limit = config.maxBodyBytes();
    OptionalLong declared = httpRequest.headers().contentLength();
    try {
      InputStream in = httpRequest.content().inputStream();
      if (declared.isPresent() && declared.getAsLong() > limit) {
        drain(in);
        throw bodyTooLarge(declared.getAsLong());
      }
      if (declared.isPresent()) {
        int length = (int) declared.getAsLong();
        byte[] body;
        if (length >= BIG_BODY_BYTES) {
          body = bodyBuffers.lease(length);
          exchange.leasedBody = body;
        } else {
          body = new byte[length];
        }
        exchange.bodyLength = in.readNBytes(body, 0, length);
        return body;
      }
      byte[] body = in.readNBytes((int) limit + 1);
      if (body.length > limit) {
        long rest = drain(in);
        throw bodyTooLarge(body.length + rest);
      }
      exchange.bodyLength = body.length;
      return body;
    } catch (IOException e) {
      // the client's fault (a truncated or aborted body), not the server's: no 500, no ERROR log
      throw GraphError.invalidParameter("The request body could not be read: " + e.getMessage())
          .exception();
    }
  }

  private GraphException bodyTooLarge(long bytes) {
    return GraphError.invalidParameter(
            "The request body has "
                + bytes
                + " bytes, more than this server accepts ("
                + config.maxBodyBytes()
                + "); send fewer rows per request")
        .exception();
  }

  private static long drain(InputStream in) throws IOException {
    long drained = 0;
    byte[] sink = new byte[64 * 1024];
    int n;
    while (drained < DRAIN_LIMIT && (n = in.read(sink)) > 0) {
      drained += n;
    }
    return drained;
  }

  private static String baseUrl(ServerRequest httpRequest) {
    var uri = httpRequest.requestedUri();
    boolean defaultPort =
        (uri.scheme().equals("https") && uri.port() == 443)
            || (uri.scheme().equals("http") && uri.port() == 80);
    return uri.scheme() + "://" + uri.host() + (defaultPort ? "" : ":" + uri.port());
  }

  private void writeError(
      ServerResponse httpResponse,
      GraphError error,
      @Nullable GraphRequest request,
      @Nullable String rawQuery,
      String version,
      String traceId) {
    Map<String, String> added = request == null ? Map.of() : request.responseHeaders();
    boolean suppress = request != null ? request.suppressHttpCode() : queryAsksSuppress(rawQuery);
    List<Map<String, String>> headers = List.of(added, GraphAnswers.errorHeaders(error));
    int status = suppress ? 200 : error.httpStatus();
    write(httpResponse, status, GraphAnswers.errorBody(error, traceId), version, traceId, headers);
  }

  /** When the body could not be decoded, the query alone decides {@code suppress_http_code}. */
  private static boolean queryAsksSuppress(@Nullable String rawQuery) {
    if (rawQuery == null || !rawQuery.contains("suppress_http_code")) {
      return false;
    }
    try {
      Map<String, ParamValue> query = new LinkedHashMap<>();
      ParamDecoder.decodeForm(rawQuery, "query string", query);
      return new GraphParams(query)
          .string("suppress_http_code")
          .filter(v -> v.equals("1") || v.equalsIgnoreCase("true"))
          .isPresent();
    } catch (GraphException unreadable) {
      return false;
    }
  }

  private void write(
      ServerResponse httpResponse,
      int status,
      byte[] body,
      String version,
      String traceId,
      List<Map<String, String>> extraHeaders) {
    writeHead(httpResponse, status, version, traceId, extraHeaders);
    httpResponse.send(body);
  }

  /** Status and headers: the common ones, then each map's in order (a later one wins a name). */
  private void writeHead(
      ServerResponse httpResponse,
      int status,
      String version,
      String traceId,
      List<Map<String, String>> extraHeaders) {
    httpResponse.status(status);
    commonHeaders.writeTo(httpResponse, version, traceId);
    for (Map<String, String> headers : extraHeaders) {
      headers.forEach((name, value) -> httpResponse.header(name, printable(value)));
    }
  }

  /**
   * The value with anything but printable ASCII replaced by {@code ?}: a handler's header may quote
   * a client's input (an error message in {@code WWW-Authenticate}), which must never end the
   * header line. Helidon's own check of answer headers is off (see GraphServer).
   */
  static String printable(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < ' ' || c > '~') {
        StringBuilder safe = new StringBuilder(value);
        for (int j = i; j < safe.length(); j++) {
          char d = safe.charAt(j);
          if (d < ' ' || d > '~') {
            safe.setCharAt(j, '?');
          }
        }
        return safe.toString();
      }
    }
    return value;
  }

  /**
   * Streams a body with chunked encoding. Once it has begun the status is sent, so a failure can
   * only end the answer early (the client sees a truncated chunked body, not a complete one).
   */
  private void writeStreamed(
      ServerResponse httpResponse,
      GraphResponse response,
      String version,
      String traceId,
      List<Map<String, String>> extraHeaders) {
    writeHead(httpResponse, response.status(), version, traceId, extraHeaders);
    try (OutputStream out = httpResponse.outputStream()) {
      response.streamed().writeTo(out);
    } catch (IOException e) {
      log.info("streamed answer cut short (fbtrace_id {}): {}", traceId, e.toString());
    }
  }
}
