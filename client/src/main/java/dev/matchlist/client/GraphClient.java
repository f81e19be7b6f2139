package dev.matchlist.client;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Typed calls to the Graph API's custom-audience endpoints, on Meta or on Matchlist. Thread-safe;
 * share one per token.
 *
 * <pre>{@code
 * try (GraphClient graph = GraphClient.builder()
 *     .baseUrl(URI.create("http://localhost:8080"))   // default https://graph.facebook.com
 *     .accessToken(token)
 *     .appSecret(secret)                              // optional: adds appsecret_proof
 *     .build()) {
 *   CustomAudience audience = graph.createAudience("act_123",
 *       AudienceSpec.customerList("Newsletter", "opted-in readers"));
 *   graph.addUsers(audience.id(), UsersBatch.of(List.of(SchemaKey.EMAIL),
 *       List.<String[]>of(new String[] {sha256Hex})));
 * }
 * }</pre>
 *
 * <p>Requests have the shape the official SDKs and Meta's docs use: GET parameters in the query;
 * POST and DELETE of audiences as {@code application/x-www-form-urlencoded} bodies; the users edges
 * as a JSON body with {@code payload} and {@code session} as nested objects, as the Node SDK sends
 * them (or as a form with both as JSON text: {@link Builder#usersBodyEncoding}). DELETE carries its
 * body too, never the rows in the URL (URLs break at about 1,500 rows). Every call carries {@code
 * access_token}, and {@code appsecret_proof} when an app secret is given, in the body of POST and
 * DELETE.
 *
 * <p>Each call is retried per the {@link RetryPolicy} and the {@link RetryClass} of its failure; a
 * re-sent users batch keeps its {@link Session}, so the server counts it once. The last failure is
 * thrown as a {@link GraphException}.
 */
public final class GraphClient implements AutoCloseable {
  /** Meta's Graph API host. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://graph.facebook.com");

  /** The Graph version Matchlist speaks. */
  public static final String DEFAULT_VERSION = "v21.0";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VERSION = Pattern.compile("v\\d+\\.\\d+");
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_]+");
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String JSON_BODY = "application/json";

  private final URI baseUrl;
  private final String root;
  private final String version;
  private final String accessToken;
  private final @Nullable String appsecretProof;
  private final RetryPolicy retryPolicy;
  private final HttpClient http;
  private final String userAgent;
  private final Duration requestTimeout;
  private final Sleeper sleeper;
  private final RetryListener retryListener;
  private final UsersBodyEncoding usersBodyEncoding;
  private final PayloadSyntax payloadSyntax;

  private GraphClient(Builder builder) {
    if (builder.accessToken == null || builder.accessToken.isBlank()) {
      throw new IllegalStateException("a GraphClient needs an access token");
    }
    if (!VERSION.matcher(builder.version).matches()) {
      throw new IllegalStateException(
          "version must look like v21.0, was \"" + builder.version + "\"");
    }
    this.baseUrl = builder.baseUrl;
    String base = builder.baseUrl.toString();
    this.root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.version = builder.version;
    this.accessToken = builder.accessToken;
    this.appsecretProof =
        builder.appSecret == null ? null : appsecretProof(builder.appSecret, builder.accessToken);
    this.retryPolicy = builder.retryPolicy;
    this.http =
        builder.httpClient != null
            ? builder.httpClient
            // HTTP/1.1: on http:// URLs the JDK's default would try an h2c upgrade per
            // connection, which plain servers and proxies handle badly.
            : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    this.userAgent = builder.userAgent;
    this.requestTimeout = builder.requestTimeout;
    this.sleeper = builder.sleeper;
    this.retryListener = builder.retryListener;
    this.usersBodyEncoding = builder.usersBodyEncoding;
    this.payloadSyntax = PayloadSyntax.of(builder.usersBodyEncoding);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@code appsecret_proof}: lowercase hex of HMAC-SHA256 of the token, keyed by the app secret.
   */
  public static String appsecretProof(String appSecret, String accessToken) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(accessToken.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  /** The base URL calls go to. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The Graph version in every path. */
  public String version() {
    return version;
  }

  /**
   * {@code POST /act_{id}/customaudiences}, then the new audience's id and name.
   *
   * @param adAccountId {@code act_123} or {@code 123}
   */
  public CustomAudience createAudience(String adAccountId, AudienceSpec spec) {
    List<String[]> params = new ArrayList<>();
    params.add(new String[] {"name", spec.name()});
    if (!spec.description().isEmpty()) {
      params.add(new String[] {"description", spec.description()});
    }
    params.add(new String[] {"subtype", spec.subtype()});
    params.add(new String[] {"customer_file_source", spec.customerFileSource()});
    if (spec.valueBased()) {
      params.add(new String[] {"is_value_based", "true"});
    }
    JsonNode answer =
        call(Call.form("POST", "/" + adAccount(adAccountId) + "/customaudiences", params));
    String id = requiredText(answer, "id", "POST customaudiences");
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    fields.put("id", TextNode.valueOf(id));
    fields.put("name", TextNode.valueOf(spec.name()));
    return new CustomAudience(id, spec.name(), fields);
  }

  /**
   * {@code GET /{id}?fields=...}.
   *
   * @param fields fields to read, e.g. {@code approximate_count_lower_bound}; empty: id only
   */
  public CustomAudience audience(String audienceId, List<String> fields) {
    List<String[]> params = new ArrayList<>();
    if (!fields.isEmpty()) {
      params.add(new String[] {"fields", String.join(",", fields)});
    }
    return toAudience(call(Call.get("/" + node(audienceId), params)));
  }

  /**
   * {@code GET /act_{id}/customaudiences?fields=...}, following {@code paging.next} to the end. A
   * {@code next} URL on another host than the base URL is refused (it would receive the token).
   */
  public List<CustomAudience> audiences(String adAccountId, List<String> fields) {
    List<String[]> params = new ArrayList<>();
    if (!fields.isEmpty()) {
      params.add(new String[] {"fields", String.join(",", fields)});
    }
    List<CustomAudience> audiences = new ArrayList<>();
    for (JsonNode item :
        pages(Call.get("/" + adAccount(adAccountId) + "/customaudiences", params))) {
      audiences.add(toAudience(item));
    }
    return audiences;
  }

  /** {@code POST /{id}} with {@code changes} (e.g. {@code name}, {@code description}). */
  public void updateAudience(String audienceId, Map<String, String> changes) {
    List<String[]> params = new ArrayList<>();
    changes.forEach((name, value) -> params.add(new String[] {name, value}));
    expectSuccess(call(Call.form("POST", "/" + node(audienceId), params)), "POST", audienceId);
  }

  /** {@code DELETE /{id}}; the token travels in the form body, as with every DELETE here. */
  public void deleteAudience(String audienceId) {
    expectSuccess(
        call(Call.form("DELETE", "/" + node(audienceId), List.of())), "DELETE", audienceId);
  }

  /** {@code POST /{id}/users}: adds the batch's people. */
  public UsersResult addUsers(String audienceId, UsersBatch batch) {
    return users(UploadOperation.ADD, audienceId, batch);
  }

  /** {@code DELETE /{id}/users} with the parameters in the form body: removes the people. */
  public UsersResult removeUsers(String audienceId, UsersBatch batch) {
    return users(UploadOperation.REMOVE, audienceId, batch);
  }

  /**
   * {@code POST /{id}/usersreplace}: the batch belongs to a replace session (a {@link Session} is
   * required by Meta; batch 1 first, the last one flagged).
   *
   * @throws IllegalArgumentException when the batch has no session
   */
  public UsersResult replaceUsers(String audienceId, UsersBatch batch) {
    if (batch.session().isEmpty()) {
      throw new IllegalArgumentException(
          "a replace batch needs a Session: Meta starts the replace at batch_seq 1 and applies it"
              + " at last_batch_flag");
    }
    return users(UploadOperation.REPLACE, audienceId, batch);
  }

  /** {@code GET /{id}/sessions}: the audience's upload sessions, following paging. */
  public List<UploadSession> sessions(String audienceId) {
    List<UploadSession> sessions = new ArrayList<>();
    for (JsonNode item : pages(Call.get("/" + node(audienceId) + "/sessions", List.of()))) {
      sessions.add(toSession(item));
    }
    return sessions;
  }

  /** {@code GET /{id}/sessions?session_id=...}: one session, when the server knows it. */
  public Optional<UploadSession> session(String audienceId, long sessionId) {
    List<String[]> params =
        List.<String[]>of(new String[] {"session_id", Long.toString(sessionId)});
    for (JsonNode item : pages(Call.get("/" + node(audienceId) + "/sessions", params))) {
      UploadSession session = toSession(item);
      if (session.sessionId() == sessionId) {
        return Optional.of(session);
      }
    }
    return Optional.empty();
  }

  /** Releases nothing of the caller's: a client built with its own HttpClient leaves it open. */
  @Override
  public void close() {}

  /**
   * Sends a typed batch once core's validation took it ({@link UsersBatch#preflight()}); the
   * Uploader's batches skip this, being encoded by the SDK itself.
   */
  private UsersResult users(UploadOperation operation, String audienceId, UsersBatch batch) {
    byte[] json = PayloadSyntax.JSON.payload(batch.schema(), batch.rows());
    UsersBatch.preflight(json);
    byte[] payload = payloadSyntax.fromJson(json);
    byte[] tail = usersBodyTail(batch.session().orElse(null));
    Bytes body = new Bytes(payload.length + tail.length + 16);
    body.write(usersBodyHead());
    body.write(payload);
    body.write(tail);
    return sendUsers(operation, audienceId, body.array(), body.size(), () -> {}, sleeper);
  }

  /** How the users edges' rows are written into their bodies. */
  PayloadSyntax payloadSyntax() {
    return payloadSyntax;
  }

  /**
   * A users body up to its payload: {@code {"payload":} or {@code payload=}. Then come the payload
   * (in {@link #payloadSyntax()}) and {@link #usersBodyTail}.
   */
  byte[] usersBodyHead() {
    return (usersBodyEncoding == UsersBodyEncoding.JSON ? "{\"payload\":" : "payload=")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** A users body after its payload: the session, if any, and the token (and proof). */
  byte[] usersBodyTail(@Nullable Session session) {
    Bytes out = new Bytes(256);
    if (usersBodyEncoding == UsersBodyEncoding.JSON) {
      if (session != null) {
        out.writeAscii(",\"session\":");
        out.writeAscii(sessionJson(session));
      }
      jsonMember(out, "access_token", accessToken);
      if (appsecretProof != null) {
        jsonMember(out, "appsecret_proof", appsecretProof);
      }
      out.write('}');
    } else {
      Bytes params = new Bytes(256);
      if (session != null) {
        FormEncoding.param(params, "session", sessionJson(session));
      }
      authParams(params);
      out.write('&');
      out.write(params.array(), 0, params.size());
    }
    return out.toArray();
  }

  private static void jsonMember(Bytes out, String name, String value) {
    out.writeAscii(",\"" + name + "\":\"");
    out.write(JsonStringEncoder.getInstance().quoteAsUTF8(value));
    out.write('"');
  }

  /**
   * Sends a whole users body, {@code body[0, length)}: {@link #usersBodyHead()}, the payload,
   * {@link #usersBodyTail}. {@code onRetry} runs before each retry, which waits with {@code
   * sleeper}. The Uploader's way in: it encodes rows on its own threads, writes each batch once
   * into an array of its size, and stops waiting retries when another batch has failed.
   */
  UsersResult sendUsers(
      UploadOperation operation,
      String audienceId,
      byte[] body,
      int length,
      Runnable onRetry,
      Sleeper sleeper) {
    String method = operation == UploadOperation.REMOVE ? "DELETE" : "POST";
    String edge = operation == UploadOperation.REPLACE ? "/usersreplace" : "/users";
    String contentType = usersBodyEncoding == UsersBodyEncoding.JSON ? JSON_BODY : FORM;
    Call call =
        new Call(
            method,
            "/" + node(audienceId) + edge,
            null,
            List.of(),
            new ByteArrayBodyPublisher(body, length),
            contentType);
    return toUsersResult(call(call, onRetry, sleeper), audienceId);
  }

  static String sessionJson(Session session) {
    ObjectNode json = JSON.createObjectNode();
    json.put("session_id", session.sessionId());
    json.put("batch_seq", session.batchSeq());
    json.put("last_batch_flag", session.lastBatch());
    if (session.estimatedNumTotal() > 0) {
      json.put("estimated_num_total", session.estimatedNumTotal());
    }
    return json.toString();
  }

  /**
   * One request: a path under the version (or an absolute paging URL), its parameters, or a body
   * made already (the users edges).
   */
  private record Call(
      String method,
      String path,
      @Nullable URI absolute,
      List<String[]> params,
      HttpRequest.@Nullable BodyPublisher body,
      @Nullable String contentType) {
    static Call get(String path, List<String[]> params) {
      return new Call("GET", path, null, params, null, null);
    }

    static Call form(String method, String path, List<String[]> params) {
      return new Call(method, path, null, params, null, null);
    }

    static Call next(URI url) {
      return new Call("GET", url.getRawPath(), url, List.of(), null, null);
    }
  }

  private JsonNode call(Call call) {
    return call(call, () -> {}, sleeper);
  }

  /** The sleeper retries wait with. */
  Sleeper sleeper() {
    return sleeper;
  }

  /** Sends {@code call}, retrying per the policy; returns the answer's JSON. */
  private JsonNode call(Call call, Runnable onRetry, Sleeper sleeper) {
    HttpRequest request = request(call);
    String description = call.method() + " " + request.uri().getRawPath();
    for (int attempt = 1; ; attempt++) {
      final int tried = attempt;
      GraphException failure;
      try {
        return send(request, description);
      } catch (GraphException e) {
        failure = e;
      }
      if (failure.kind() == RetryClass.STOP) {
        throw failure.afterAttempts(attempt, null);
      }
      if (attempt >= retryPolicy.maxAttempts()) {
        throw failure.afterAttempts(
            attempt,
            attempt == 1
                ? null
                : "Gave up after " + attempt + " attempts (RetryPolicy.maxAttempts).");
      }
      Optional<Duration> regain = regainWait(failure);
      if (regain.isPresent() && regain.get().compareTo(retryPolicy.maxWait()) > 0) {
        throw failure.afterAttempts(
            attempt,
            "Not retried: the server asks to wait "
                + regain.get().toMinutes()
                + " min, more than the "
                + retryPolicy.maxWait().toMinutes()
                + " min allowed (RetryPolicy.maxWait).");
      }
      Duration wait = regain.orElseGet(() -> backoff(tried));
      retryListener.onRetry(new RetryEvent(description, attempt, failure, wait));
      onRetry.run();
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure.afterAttempts(attempt, "Interrupted while waiting to retry.");
      }
    }
  }

  /** For a rate limit with a regain time, that time: waited out exactly. */
  private static Optional<Duration> regainWait(GraphException failure) {
    return failure.kind() == RetryClass.WAIT_FOR_REGAIN
        ? failure.usage().regainAccessIn()
        : Optional.empty();
  }

  /** The backoff before retry number {@code retry}, shortened by a random part of the jitter. */
  private Duration backoff(int retry) {
    Duration backoff = retryPolicy.backoff(retry);
    double cut = retryPolicy.jitter() * ThreadLocalRandom.current().nextDouble();
    return Duration.ofNanos((long) (backoff.toNanos() * (1 - cut)));
  }

  private JsonNode send(HttpRequest request, String description) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw GraphErrors.ioFailure(e, description);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GraphErrors.stop("Interrupted", description, e);
    }
    int status = response.statusCode();
    byte[] body = response.body();
    Usage usage = UsageHeaders.parse(response.headers());
    String trace = response.headers().firstValue("x-fb-trace-id").orElse(null);
    String contentType = response.headers().firstValue("content-type").orElse(null);
    JsonNode json;
    try {
      json = body.length == 0 ? null : JSON.readTree(body);
    } catch (IOException e) {
      throw GraphErrors.withoutErrorObject(
          status, contentType, body, usage, trace, description, null);
    }
    JsonNode error = json == null ? null : json.get("error");
    if (error != null && error.isObject()) {
      throw GraphErrors.fromErrorObject(error, status, usage, trace, description);
    }
    if (status < 200 || status >= 300 || json == null || !json.isObject()) {
      throw GraphErrors.withoutErrorObject(
          status, contentType, body, usage, trace, description, null);
    }
    return json;
  }

  private HttpRequest request(Call call) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder().timeout(requestTimeout).header("User-Agent", userAgent);
    if (call.method().equals("GET")) {
      Bytes query = new Bytes(256);
      URI target;
      if (call.absolute() != null) {
        target = call.absolute();
        String existing = target.getRawQuery() == null ? "" : target.getRawQuery();
        query.writeAscii(existing);
        if (!hasParam(existing, "access_token")) {
          FormEncoding.param(query, "access_token", accessToken);
        }
        if (appsecretProof != null && !hasParam(existing, "appsecret_proof")) {
          FormEncoding.param(query, "appsecret_proof", appsecretProof);
        }
        String prefix = target.toString();
        int q = prefix.indexOf('?');
        prefix = q < 0 ? prefix : prefix.substring(0, q);
        target = URI.create(prefix + "?" + ascii(query));
      } else {
        for (String[] param : call.params()) {
          FormEncoding.param(query, param[0], param[1]);
        }
        authParams(query);
        target = URI.create(root + "/" + version + call.path() + "?" + ascii(query));
      }
      return builder.uri(target).GET().build();
    }
    HttpRequest.BodyPublisher body = call.body();
    String contentType = call.contentType();
    if (body == null) {
      Bytes form = new Bytes(512);
      authParams(form);
      for (String[] param : call.params()) {
        FormEncoding.param(form, param[0], param[1]);
      }
      body = HttpRequest.BodyPublishers.ofByteArray(form.toArray());
      contentType = FORM;
    }
    return builder
        .uri(URI.create(root + "/" + version + call.path()))
        .header("Content-Type", contentType)
        .method(call.method(), body)
        .build();
  }

  private void authParams(Bytes out) {
    FormEncoding.param(out, "access_token", accessToken);
    if (appsecretProof != null) {
      FormEncoding.param(out, "appsecret_proof", appsecretProof);
    }
  }

  /** Every item of {@code data} over all pages. */
  private List<JsonNode> pages(Call first) {
    List<JsonNode> items = new ArrayList<>();
    Call call = first;
    for (int page = 0; ; page++) {
      JsonNode answer = call(call);
      for (JsonNode item : answer.path("data")) {
        items.add(item);
      }
      JsonNode next = answer.path("paging").get("next");
      if (next == null || !next.isTextual() || next.asText().isEmpty()) {
        return items;
      }
      URI url = URI.create(next.asText());
      if (!sameOrigin(url)) {
        throw GraphErrors.stop(
            "paging.next points to "
                + url.getScheme()
                + "://"
                + url.getAuthority()
                + ", not to the base URL "
                + baseUrl
                + "; not followed (it would receive the access token)",
            first.method() + " " + first.path(),
            null);
      }
      call = Call.next(url);
    }
  }

  private boolean sameOrigin(URI url) {
    return Objects.equals(lower(url.getScheme()), lower(baseUrl.getScheme()))
        && Objects.equals(lower(url.getHost()), lower(baseUrl.getHost()))
        && port(url) == port(baseUrl);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static @Nullable String lower(@Nullable String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static boolean hasParam(String rawQuery, String name) {
    for (String pair : rawQuery.split("&")) {
      if (pair.equals(name) || pair.startsWith(name + "=")) {
        return true;
      }
    }
    return false;
  }

  private static String ascii(Bytes bytes) {
    return new String(bytes.array(), 0, bytes.size(), StandardCharsets.US_ASCII);
  }

  private static String adAccount(String adAccountId) {
    String id = adAccountId.startsWith("act_") ? adAccountId.substring(4) : adAccountId;
    if (id.isEmpty() || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(
          "an ad account id is act_<digits> or <digits>, was \"" + adAccountId + "\"");
    }
    return "act_" + id;
  }

  private static String node(String id) {
    if (!NODE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a Graph object id: \"" + id + "\"");
    }
    return id;
  }

  private static CustomAudience toAudience(JsonNode node) {
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    node.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
    return new CustomAudience(node.path("id").asText(""), node.path("name").asText(""), fields);
  }

  private static UploadSession toSession(JsonNode node) {
    return new UploadSession(
        number(node, "session_id", 0),
        node.path("stage").asText(""),
        number(node, "num_received", 0),
        number(node, "num_invalid_entries", 0),
        number(node, "num_matched", -1),
        node.path("progress").asText(""),
        optionalNumber(node, "start_time"),
        optionalNumber(node, "end_time"));
  }

  private static UsersResult toUsersResult(JsonNode node, String audienceId) {
    JsonNode samples = node.get("invalid_entry_samples");
    Map<String, Object> sampleMap = new LinkedHashMap<>();
    if (samples != null && samples.isObject()) {
      samples.properties().forEach(e -> sampleMap.put(e.getKey(), plain(e.getValue())));
    } else if (samples != null && samples.isArray()) {
      for (int i = 0; i < samples.size(); i++) {
        sampleMap.put(Integer.toString(i), plain(samples.get(i)));
      }
    }
    return new UsersResult(
        node.path("audience_id").asText(audienceId),
        number(node, "session_id", 0),
        number(node, "num_received", 0),
        number(node, "num_invalid_entries", 0),
        sampleMap);
  }

  /** A sample as plain Java (String, Number, Boolean, List, Map); JSON null as "". */
  private static Object plain(JsonNode node) {
    Object value = JSON.convertValue(node, Object.class);
    return value == null ? "" : value;
  }

  /** A number Meta may send as a JSON number or as a numeric string. */
  private static long number(JsonNode node, String field, long absent) {
    return optionalNumber(node, field).orElse(absent);
  }

  private static Optional<Long> optionalNumber(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (value.isIntegralNumber()) {
      return Optional.of(value.asLong());
    }
    try {
      return Optional.of(Long.parseLong(value.asText().strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String requiredText(JsonNode node, String field, String what) {
    JsonNode value = node.get(field);
    if (value == null || value.asText("").isEmpty()) {
      throw GraphErrors.stop(what + " answered without \"" + field + "\": " + node, what, null);
    }
    return value.asText();
  }

  private static void expectSuccess(JsonNode answer, String method, String id) {
    JsonNode success = answer.get("success");
    if (success != null && !success.asBoolean(true)) {
      String message = answer.path("message").asText("");
      throw GraphErrors.stop(
          "the server answered success: false" + (message.isEmpty() ? "" : ": " + message),
          method + " /" + id,
          null);
    }
  }

  /** Options of a {@link GraphClient}; only the access token is required. */
  public static final class Builder {
    private URI baseUrl = DEFAULT_BASE_URL;
    private String version = DEFAULT_VERSION;
    private @Nullable String accessToken;
    private @Nullable String appSecret;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private @Nullable HttpClient httpClient;
    private String userAgent = "matchlist-java-sdk";
    private Sleeper sleeper = Sleeper.SYSTEM;
    private RetryListener retryListener = RetryListener.NONE;
    private Duration requestTimeout = Duration.ofMinutes(2);
    private UsersBodyEncoding usersBodyEncoding = UsersBodyEncoding.JSON;

    private Builder() {}

    /** Scheme, host and port (and a path prefix, if any) of the Graph API. */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /** The Graph version, {@code vNN.N}; default {@code v21.0}. */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    public Builder accessToken(String accessToken) {
      this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
      return this;
    }

    /** The app's secret: every call then carries {@code appsecret_proof}. Never sent itself. */
    public Builder appSecret(@Nullable String appSecret) {
      this.appSecret = appSecret;
      return this;
    }

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /** The transport; default a new HTTP/1.1 client with a 30 s connect timeout. */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
      return this;
    }

    /**
     * How the users edges' bodies are sent: {@link UsersBodyEncoding#JSON} (default, the Node SDK's
     * shape) or {@link UsersBodyEncoding#FORM} (the Python SDK's and Meta's curl examples').
     */
    public Builder usersBodyEncoding(UsersBodyEncoding usersBodyEncoding) {
      this.usersBodyEncoding = Objects.requireNonNull(usersBodyEncoding, "usersBodyEncoding");
      return this;
    }

    /** How retries wait; tests pass one that records the waits instead of sleeping. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** Told about every retry, e.g. to print "rate limited, waiting 5 min". */
    public Builder retryListener(RetryListener retryListener) {
      this.retryListener = Objects.requireNonNull(retryListener, "retryListener");
      return this;
    }

    /**
     * @throws IllegalStateException without an access token, or with a malformed version
     */
    public GraphClient build() {
      return new GraphClient(this);
    }
  }
}
