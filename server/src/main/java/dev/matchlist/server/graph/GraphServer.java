package dev.matchlist.server.graph;

import io.helidon.common.tls.Tls;
import io.helidon.http.DirectHandler;
import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http1.Http1Config;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The Graph API server: Helidon SE's WebServer (one virtual thread per request) in front of {@link
 * GraphRoutes}. Every answer, including those to requests Helidon rejects before routing (a bad
 * request line, oversize headers), is a Graph JSON answer with Meta's headers.
 *
 * <pre>{@code
 * GraphServer server = GraphServer.start(
 *     ServerConfig.builder().port(8443).tls(ServerConfig.Tls.selfSigned(dataDir)).build(), routes);
 * server.certificateFingerprint().ifPresent(f -> System.out.println("SHA-256 " + f));
 * server.stopOnShutdown();
 * }</pre>
 */
public final class GraphServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GraphServer.class);

  /** Request headers are small on the Graph API; the URL is what gets long. */
  private static final int MAX_HEADERS_BYTES = 64 * 1024;

  private final WebServer server;
  private final ServerConfig config;
  private final Optional<String> fingerprint;

  private GraphServer(WebServer server, ServerConfig config, Optional<String> fingerprint) {
    this.server = server;
    this.config = config;
    this.fingerprint = fingerprint;
  }

  /**
   * Starts listening; returns once the port is bound.
   *
   * @throws IllegalStateException when the TLS material cannot be read or made
   */
  public static GraphServer start(ServerConfig config, GraphRoutes routes) {
    routeJulToSlf4j();
    Optional<TlsMaterial> tls = tlsMaterial(config.tls());
    WebServerConfig.Builder builder =
        WebServer.builder()
            .host(config.host())
            .port(config.port())
            .maxPayloadSize(-1) // enforced by HelidonGraphHandler, to answer with a Graph error
            .addProtocol(
                Http1Config.builder()
                    .maxPrologueLength(config.maxRequestLineBytes())
                    .maxHeadersSize(MAX_HEADERS_BYTES)
                    // hand-typed curl URLs carry raw JSON ({, ", [) in the query; we decode it
                    .validatePrologue(false)
                    // GraphPath reads the decoded path and answers a malformed one with a Graph
                    // error; Helidon's own check built a java.net.URI for every request
                    .validatePath(false)
                    // our answer headers are constants or made safe by HelidonGraphHandler;
                    // checking
                    // them again copied every value to a char[] on every answer
                    .validateResponseHeaders(false)
                    .build())
            .directHandlers(graphDirectHandlers(config.defaultVersion()))
            .routing(routing -> routing.any(new HelidonGraphHandler(routes, config)));
    tls.ifPresent(material -> builder.tls(Tls.builder().sslContext(material.sslContext()).build()));
    WebServer server = builder.build().start();
    GraphServer graphServer = new GraphServer(server, config, tls.map(TlsMaterial::fingerprint));
    log.info("Graph API listening on {}", graphServer.baseUrl());
    return graphServer;
  }

  /** The bound port (the real one when the config asked for port 0). */
  public int port() {
    return server.port();
  }

  public boolean isTls() {
    return fingerprint.isPresent();
  }

  /** {@code http(s)://host:port}, with {@code localhost} when bound to all interfaces. */
  public String baseUrl() {
    String host = config.host();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "localhost";
    }
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return (isTls() ? "https" : "http") + "://" + host + ":" + port();
  }

  /** SHA-256 fingerprint of the served certificate ({@code AB:CD:…}); empty on plain HTTP. */
  public Optional<String> certificateFingerprint() {
    return fingerprint;
  }

  public boolean isRunning() {
    return server.isRunning();
  }

  /** Stops accepting, lets running requests finish for a short grace period, and returns. */
  public void stop() {
    if (server.isRunning()) {
      int port = port();
      server.stop();
      log.info("Graph API on port {} stopped", port);
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Registers a JVM shutdown hook that stops this server (Ctrl-C, SIGTERM); returns the hook. */
  public Thread stopOnShutdown() {
    Thread hook = new Thread(this::stop, "graph-server-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  /**
   * Helidon logs through java.util.logging; send it to SLF4J so that the shipped logback.xml
   * governs all output. Replaces the JUL root handlers once per JVM.
   */
  private static synchronized void routeJulToSlf4j() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  private static Optional<TlsMaterial> tlsMaterial(ServerConfig.Tls tls) {
    if (tls instanceof ServerConfig.Tls.Keystore keystore) {
      return Optional.of(TlsMaterial.fromKeystore(keystore.path(), keystore.password()));
    }
    if (tls instanceof ServerConfig.Tls.SelfSigned selfSigned) {
      SelfSignedCertificate certificate =
          SelfSignedCertificate.loadOrCreate(selfSigned.dataDirectory());
      return Optional.of(TlsMaterial.fromKeystore(certificate.keystore(), certificate.password()));
    }
    return Optional.empty();
  }

  /**
   * Answers for requests Helidon refuses before routing (malformed or oversize request line or
   * headers): a Graph 100 error in JSON with the usual headers instead of Helidon's plain text.
   */
  private static DirectHandlers graphDirectHandlers(String version) {
    DirectHandler handler =
        (request, eventType, defaultStatus, responseHeaders, message) ->
            graphDirectAnswer(eventType, defaultStatus, responseHeaders, message, version);
    DirectHandlers.Builder handlers = DirectHandlers.builder();
    for (EventType type : EventType.values()) {
      handlers.addHandler(type, handler);
    }
    return handlers.build();
  }

  private static DirectHandler.TransportResponse graphDirectAnswer(
      EventType eventType,
      Status defaultStatus,
      ServerResponseHeaders responseHeaders,
      String message,
      String version) {
    String traceId = TraceIds.next();
    GraphError error =
        defaultStatus.code() >= 500
            ? GraphError.unknownError()
            : GraphError.invalidParameter(
                "Malformed request: "
                    + (message == null || message.isBlank()
                        ? "the request line or headers cannot be read"
                        : message));
    DirectHandler.TransportResponse.Builder answer =
        DirectHandler.TransportResponse.builder()
            .status(Status.create(error.httpStatus()))
            .headers(responseHeaders)
            .keepAlive(eventType.keepAlive())
            .entity(GraphAnswers.errorBody(error, traceId));
    GraphAnswers.commonHeaders(version, traceId)
        .forEach((name, value) -> answer.header(HeaderNames.create(name), value));
    return answer.build();
  }
}
