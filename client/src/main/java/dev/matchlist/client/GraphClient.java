package dev.matchlist.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * POST and DELETE as {@code application/x-www-form-urlencoded} bodies, with {@code payload} and
 * {@code session} as JSON text. DELETE carries its body too, never the rows in the URL (URLs break
 * at about 1,500 rows). Every call carries {@code access_token}, and {@code appsecret_proof} when
 * an app secret is given.
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

  private GraphClient(Builder builder) {
    throw new UnsupportedOperationException("not yet");
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@code POST /act_{id}/customaudiences}, then the new audience's id and name.
   *
   * @param adAccountId {@code act_123} or {@code 123}
   */
  public CustomAudience createAudience(String adAccountId, AudienceSpec spec) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * {@code GET /{id}?fields=...}.
   *
   * @param fields fields to read, e.g. {@code approximate_count_lower_bound}; empty: id only
   */
  public CustomAudience audience(String audienceId, List<String> fields) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * {@code GET /act_{id}/customaudiences?fields=...}, following {@code paging.next} to the end. A
   * {@code next} URL on another host than the base URL is refused (it would receive the token).
   */
  public List<CustomAudience> audiences(String adAccountId, List<String> fields) {
    throw new UnsupportedOperationException("not yet");
  }

  /** {@code POST /{id}} with {@code changes} (e.g. {@code name}, {@code description}). */
  public void updateAudience(String audienceId, Map<String, String> changes) {
    throw new UnsupportedOperationException("not yet");
  }

  /** {@code DELETE /{id}}. */
  public void deleteAudience(String audienceId) {
    throw new UnsupportedOperationException("not yet");
  }

  /** {@code POST /{id}/users}: adds the batch's people. */
  public UsersResult addUsers(String audienceId, UsersBatch batch) {
    throw new UnsupportedOperationException("not yet");
  }

  /** {@code DELETE /{id}/users} with the parameters in the form body: removes the people. */
  public UsersResult removeUsers(String audienceId, UsersBatch batch) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * {@code POST /{id}/usersreplace}: the batch belongs to a replace session (a {@link Session} is
   * required by Meta; batch 1 first, the last one flagged).
   */
  public UsersResult replaceUsers(String audienceId, UsersBatch batch) {
    throw new UnsupportedOperationException("not yet");
  }

  /** {@code GET /{id}/sessions}: the audience's upload sessions, following paging. */
  public List<UploadSession> sessions(String audienceId) {
    throw new UnsupportedOperationException("not yet");
  }

  /** {@code GET /{id}/sessions?session_id=...}: one session, when the server knows it. */
  public Optional<UploadSession> session(String audienceId, long sessionId) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Releases nothing of the caller's: a client built with its own HttpClient leaves it open. */
  @Override
  public void close() {}

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
