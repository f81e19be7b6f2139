package dev.matchlist.cli.graph;

import dev.matchlist.cli.ExitCodes;
import dev.matchlist.client.GraphClient;
import dev.matchlist.client.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to a Graph host shares: where it is, which version, and the
 * credentials. Each setting is taken from its option, else its environment variable, else the
 * config file ({@link ConfigFile}), else the default. The access token and the app secret are never
 * printed, not even in {@code --help} defaults or error messages.
 *
 * <p>Use as a picocli {@code @Mixin}.
 */
public final class GraphOptions {
  static final String DEFAULT_BASE_URL = "https://graph.facebook.com";
  static final String DEFAULT_VERSION = "v21.0";

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      description =
          "The Graph host. Env: MATCHLIST_BASE_URL; config: base_url."
              + " Default: https://graph.facebook.com (Meta).")
  @Nullable String baseUrl;

  @Option(
      names = "--api-version",
      paramLabel = "vNN.N",
      description =
          "Graph API version. Env: MATCHLIST_API_VERSION; config: api_version. Default: v21.0.")
  @Nullable String apiVersion;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "Access token. Prefer MATCHLIST_TOKEN, --token-file or the config file's access_token:"
              + " options are visible in ps.")
  @Nullable String token;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "A file holding the access token.")
  @Nullable Path tokenFile;

  @Option(
      names = "--app-secret-file",
      paramLabel = "FILE",
      description =
          "A file holding the app secret; with it every call carries appsecret_proof."
              + " Env: MATCHLIST_APP_SECRET; config: app_secret.")
  @Nullable Path appSecretFile;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Settings file (properties: base_url, api_version, access_token, app_secret)."
              + " Default: ~/.config/matchlist/config.properties if it exists.")
  @Nullable Path config;

  @Option(
      names = "--max-attempts",
      paramLabel = "N",
      defaultValue = "8",
      description =
          "Tries per request before giving up (exit 6); rate limits, 5xx, HTML pages and I/O"
              + " errors are retried. Default: ${DEFAULT-VALUE}.")
  int maxAttempts = 8;

  @Option(
      names = "--max-wait",
      paramLabel = "DURATION",
      defaultValue = "PT1H",
      description =
          "The longest rate-limit wait (estimated_time_to_regain_access) to sit out before giving"
              + " up (exit 6); ISO-8601, e.g. PT30S, PT15M. Default: 1 hour.")
  Duration maxWait = Duration.ofHours(1);

  /** The settings these options, the environment and the config file resolve to. */
  public ConnectionSettings settings() {
    return settings(System.getenv());
  }

  ConnectionSettings settings(Map<String, String> environment) {
    ConfigFile file = ConfigFile.read(config, environment);
    Function<String, Optional<String>> env =
        name ->
            Optional.ofNullable(environment.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    String base =
        Optional.ofNullable(baseUrl)
            .or(() -> env.apply("MATCHLIST_BASE_URL"))
            .or(() -> file.get(ConfigFile.BASE_URL))
            .orElse(DEFAULT_BASE_URL);
    String version =
        Optional.ofNullable(apiVersion)
            .or(() -> env.apply("MATCHLIST_API_VERSION"))
            .or(() -> file.get(ConfigFile.API_VERSION))
            .orElse(DEFAULT_VERSION);
    if (!version.matches("v\\d+\\.\\d+")) {
      throw new GraphCommandException(
          ExitCodes.USAGE, "--api-version must look like v21.0, was " + version);
    }
    String accessToken =
        Optional.ofNullable(token)
            .map(String::strip)
            .or(() -> Optional.ofNullable(tokenFile).map(f -> readSecret(f, "token")))
            .or(() -> env.apply("MATCHLIST_TOKEN"))
            .or(() -> file.get(ConfigFile.ACCESS_TOKEN))
            .orElseThrow(
                () ->
                    new GraphCommandException(
                        ExitCodes.USAGE,
                        "no access token: pass --token-file FILE, set MATCHLIST_TOKEN, or put"
                            + " access_token in "
                            + file.path()));
    Optional<String> appSecret =
        Optional.ofNullable(appSecretFile)
            .map(f -> readSecret(f, "app secret"))
            .or(() -> env.apply("MATCHLIST_APP_SECRET"))
            .or(() -> file.get(ConfigFile.APP_SECRET));
    return new ConnectionSettings(uri(base), version, accessToken, appSecret, retryPolicy());
  }

  /** A client for these settings; close it when done. */
  public GraphClient client() {
    return settings().client();
  }

  private RetryPolicy retryPolicy() {
    if (maxAttempts < 1) {
      throw new GraphCommandException(ExitCodes.USAGE, "--max-attempts must be 1 or more");
    }
    if (maxWait.isNegative()) {
      throw new GraphCommandException(ExitCodes.USAGE, "--max-wait must not be negative");
    }
    RetryPolicy defaults = RetryPolicy.defaults();
    return new RetryPolicy(
        maxAttempts, defaults.initialBackoff(), defaults.maxBackoff(), maxWait, defaults.jitter());
  }

  private static URI uri(String base) {
    try {
      URI uri = new URI(base);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new URISyntaxException(base, "not an http or https URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new GraphCommandException(
          ExitCodes.USAGE, "--base-url: " + base + " is not an http(s) URL");
    }
  }

  private static String readSecret(Path file, String what) {
    try {
      String value = Files.readString(file).strip();
      if (value.isEmpty()) {
        throw new GraphCommandException(
            ExitCodes.USAGE, "the " + what + " file " + file + " is empty");
      }
      return value;
    } catch (NoSuchFileException e) {
      throw new GraphCommandException(ExitCodes.IO, "no " + what + " file " + file);
    } catch (IOException e) {
      throw new GraphCommandException(
          ExitCodes.IO, "cannot read the " + what + " file " + file + ": " + e.getMessage());
    }
  }
}
