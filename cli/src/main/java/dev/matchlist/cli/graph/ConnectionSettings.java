package dev.matchlist.cli.graph;

import dev.matchlist.client.GraphClient;
import dev.matchlist.client.RetryListener;
import dev.matchlist.client.RetryPolicy;
import java.net.URI;
import java.util.Optional;

/**
 * Where and as whom to call the Graph API, resolved from options, environment and config file.
 * {@link #toString()} leaves the secrets out.
 */
public record ConnectionSettings(
    URI baseUrl,
    String apiVersion,
    String accessToken,
    Optional<String> appSecret,
    RetryPolicy retryPolicy) {

  /** The {@code User-Agent} of every call, so server logs can tell the CLI from other clients. */
  static final String USER_AGENT = "matchlist-cli/0.1.0";

  /** A client with these settings. */
  public GraphClient client() {
    return client(RetryListener.NONE);
  }

  /** A client with these settings that tells {@code listener} about each retry. */
  public GraphClient client(RetryListener listener) {
    GraphClient.Builder builder =
        GraphClient.builder()
            .baseUrl(baseUrl)
            .version(apiVersion)
            .accessToken(accessToken)
            .userAgent(USER_AGENT)
            .retryPolicy(retryPolicy)
            .retryListener(listener);
    appSecret.ifPresent(builder::appSecret);
    return builder.build();
  }

  @Override
  public String toString() {
    return "ConnectionSettings[" + baseUrl + ", " + apiVersion + ", token and secret hidden]";
  }
}
