package dev.matchlist.server.graph;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One decoded Graph request: the effective method (after a {@code method=DELETE} override), the
 * versioned path, the merged parameters and the caller's credentials. Handlers see only this, never
 * the HTTP server's types.
 *
 * <p>Credentials are exposed, not checked: {@link #accessToken()} is the {@code access_token}
 * parameter, or else the token of an {@code Authorization: Bearer|OAuth <token>} header.
 *
 * <p>Not thread-safe: {@link #addResponseHeader} mutates it; one request is handled by one thread.
 */
public final class GraphRequest {

  private final GraphMethod method;
  private final GraphMethod httpMethod;
  private final GraphPath path;
  private final GraphParams params;
  private final HeaderLookup headers;
  private final Supplier<String> baseUrl;
  private final String traceId;
  private final Map<String, String> pathParams;
  private final Map<String, String> responseHeaders;
  private final Map<Class<?>, Object> attachments;

  private GraphRequest(Builder b) {
    this.method = b.method;
    this.httpMethod = b.httpMethod == null ? b.method : b.httpMethod;
    this.path = b.path;
    this.params = b.params;
    this.headers = b.headerLookup != null ? b.headerLookup : copyOf(b.headers);
    this.baseUrl = b.baseUrl;
    this.traceId = b.traceId != null ? b.traceId : TraceIds.next();
    this.pathParams = Map.of();
    this.responseHeaders = new LinkedHashMap<>();
    this.attachments = new HashMap<>();
  }

  /** The same request with its route's path variables bound (one request: shared answer state). */
  private GraphRequest(GraphRequest request, Map<String, String> pathParams) {
    this.method = request.method;
    this.httpMethod = request.httpMethod;
    this.path = request.path;
    this.params = request.params;
    this.headers = request.headers;
    this.baseUrl = request.baseUrl;
    this.traceId = request.traceId;
    this.pathParams = Map.copyOf(pathParams);
    this.responseHeaders = request.responseHeaders;
    this.attachments = request.attachments;
  }

  /** A builder for requests made outside the server, e.g. in handler tests. */
  public static Builder builder(GraphMethod method, GraphPath path) {
    return new Builder(method, path);
  }

  /** The method the client meant: the HTTP method, or a POST's {@code method=} override. */
  public GraphMethod method() {
    return method;
  }

  /** The method on the wire, before any override. */
  public GraphMethod httpMethod() {
    return httpMethod;
  }

  public GraphPath path() {
    return path;
  }

  /** The API version asked for ({@code v24.0}) or the server's default; echoed in the answer. */
  public String version() {
    return path.version();
  }

  /**
   * A variable of the matched route pattern, e.g. {@code audience} for {@code /{audience}/users}.
   */
  public String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalArgumentException("route has no path variable {" + name + "}: " + path);
    }
    return value;
  }

  public GraphParams params() {
    return params;
  }

  public Optional<ParamValue> param(String name) {
    return params.get(name);
  }

  /** {@code access_token} param, else the token of an {@code Authorization} Bearer/OAuth header. */
  public Optional<String> accessToken() {
    Optional<String> param = params.string("access_token").filter(token -> !token.isBlank());
    return param.isPresent() ? param : header("authorization").flatMap(GraphRequest::bearerToken);
  }

  public Optional<String> appsecretProof() {
    return params.string("appsecret_proof");
  }

  public Optional<String> appsecretTime() {
    return params.string("appsecret_time");
  }

  /** Whether errors should travel with HTTP 200 ({@code suppress_http_code=1}). */
  public boolean suppressHttpCode() {
    return params.flag("suppress_http_code");
  }

  /** A request header by case-insensitive name (the first value when repeated). */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.first(name.toLowerCase(Locale.ROOT)));
  }

  /**
   * Scheme, host and port the client used, e.g. {@code https://localhost:8443}: for paging links.
   */
  public String baseUrl() {
    return baseUrl.get();
  }

  /** The fbtrace_id of this request, also sent as {@code x-fb-trace-id}. */
  public String traceId() {
    return traceId;
  }

  /** Adds a header to whatever this request is answered with, success or error. */
  public void addResponseHeader(String name, String value) {
    responseHeaders.put(name, value);
  }

  Map<String, String> responseHeaders() {
    return responseHeaders;
  }

  /**
   * Attaches a value for code that runs later on this request: a handler leaves what an interceptor
   * needs after {@code next} returns (e.g. whose usage budget the call spent).
   */
  public <T> void attach(Class<T> type, T value) {
    attachments.put(type, value);
  }

  /** The value attached under {@code type}, if any. */
  public <T> Optional<T> attachment(Class<T> type) {
    return Optional.ofNullable(type.cast(attachments.get(type)));
  }

  GraphRequest withPathParams(Map<String, String> variables) {
    return new GraphRequest(this, variables);
  }

  private static HeaderLookup copyOf(Map<String, String> headers) {
    Map<String, String> copy = Map.copyOf(headers);
    return copy::get;
  }

  private static Optional<String> bearerToken(String authorization) {
    int space = authorization.indexOf(' ');
    if (space < 0) {
      return Optional.empty();
    }
    String scheme = authorization.substring(0, space);
    String token = authorization.substring(space + 1).strip();
    boolean known = scheme.equalsIgnoreCase("Bearer") || scheme.equalsIgnoreCase("OAuth");
    return known && !token.isEmpty() ? Optional.of(token) : Optional.empty();
  }

  @Override
  public String toString() {
    return method + " /" + version() + path.componentsFrom(0) + " (fbtrace_id " + traceId + ")";
  }

  /** Builds a {@link GraphRequest}; only method and path are required. */
  public static final class Builder {
    private final GraphMethod method;
    private final GraphPath path;
    private @Nullable GraphMethod httpMethod;
    private GraphParams params = GraphParams.empty();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable HeaderLookup headerLookup;
    private Supplier<String> baseUrl = () -> "http://localhost";
    private @Nullable String traceId; // a new one unless set

    private Builder(GraphMethod method, GraphPath path) {
      this.method = method;
      this.path = path;
    }

    /**
     * The method on the wire when it differs from the effective one (a POST with method=DELETE).
     */
    public Builder httpMethod(GraphMethod httpMethod) {
      this.httpMethod = httpMethod;
      return this;
    }

    public Builder params(GraphParams params) {
      this.params = params;
      return this;
    }

    /** Adds a header; names are case-insensitive and the first value of a name is kept. */
    public Builder header(String name, String value) {
      headers.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
      return this;
    }

    /**
     * Reads headers from the HTTP server's own header table instead of {@link #header} copies: the
     * server looks up only the few headers a handler asks for.
     */
    Builder headers(HeaderLookup lookup) {
      this.headerLookup = lookup;
      return this;
    }

    public Builder baseUrl(String baseUrl) {
      this.baseUrl = () -> baseUrl;
      return this;
    }

    /** The base URL, worked out only if a handler asks (paging links are rare). */
    Builder baseUrl(Supplier<String> baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    public Builder traceId(String traceId) {
      this.traceId = traceId;
      return this;
    }

    public GraphRequest build() {
      return new GraphRequest(this);
    }
  }
}
