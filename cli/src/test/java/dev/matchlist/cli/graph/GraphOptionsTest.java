package dev.matchlist.cli.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.matchlist.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where {@link GraphOptions} takes each setting from, and what it refuses. */
class GraphOptionsTest {
  @TempDir Path dir;

  private static GraphOptions parse(String... args) {
    GraphOptions options = new GraphOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  private Path config(String text) throws Exception {
    Path file = dir.resolve("matchlist").resolve("config.properties");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private Map<String, String> home() {
    return Map.of("XDG_CONFIG_HOME", dir.toString());
  }

  @Test
  void optionWinsOverEnvironmentWhichWinsOverConfigFile() throws Exception {
    config("base_url=http://config:1\naccess_token=from-config\napi_version=v20.0\n");
    Map<String, String> env =
        Map.of(
            "XDG_CONFIG_HOME",
            dir.toString(),
            "MATCHLIST_TOKEN",
            "from-env",
            "MATCHLIST_BASE_URL",
            "http://env:2");

    ConnectionSettings settings = parse("--base-url", "http://option:3").settings(env);

    assertThat(settings.baseUrl()).hasToString("http://option:3");
    assertThat(settings.accessToken()).isEqualTo("from-env");
    assertThat(settings.apiVersion()).isEqualTo("v20.0");
  }

  @Test
  void defaultsAreMetasHostAndV21() throws Exception {
    config("access_token=t\n");

    ConnectionSettings settings = parse().settings(home());

    assertThat(settings.baseUrl()).hasToString("https://graph.facebook.com");
    assertThat(settings.apiVersion()).isEqualTo("v21.0");
    assertThat(settings.appSecret()).isEmpty();
  }

  @Test
  void tokenAndAppSecretFilesAreReadAndStripped() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "  secret-token\n");
    Path secret = Files.writeString(dir.resolve("secret"), "app-secret\n");

    ConnectionSettings settings =
        parse("--token-file", token.toString(), "--app-secret-file", secret.toString())
            .settings(home());

    assertThat(settings.accessToken()).isEqualTo("secret-token");
    assertThat(settings.appSecret()).isEqualTo(Optional.of("app-secret"));
  }

  @Test
  void settingsNeverShowTheirSecrets() {
    ConnectionSettings settings =
        parse("--token", "tok-123456")
            .settings(
                Map.of("XDG_CONFIG_HOME", dir.toString(), "MATCHLIST_APP_SECRET", "sec-654321"));

    assertThat(settings.toString()).doesNotContain("tok-123456").doesNotContain("sec-654321");
  }

  @Test
  void misspeltConfigKeyIsAUsageError() throws Exception {
    config("acces_token=t\n");

    assertThatThrownBy(() -> parse().settings(home()))
        .isInstanceOfSatisfying(
            GraphCommandException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageContaining("acces_token");
  }

  @Test
  void explicitConfigFileThatDoesNotExistIsAnIoError() {
    assertThatThrownBy(
            () ->
                parse("--config", dir.resolve("nope").toString(), "--token", "t").settings(home()))
        .isInstanceOfSatisfying(
            GraphCommandException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.IO));
  }

  @Test
  void versionMustLookLikeAGraphVersion() {
    assertThatThrownBy(() -> parse("--token", "t", "--api-version", "21").settings(home()))
        .hasMessageContaining("v21.0");
  }

  @Test
  void noTokenAnywhereNamesThePlacesToPutOne() {
    assertThatThrownBy(() -> parse().settings(home()))
        .hasMessageContaining("MATCHLIST_TOKEN")
        .hasMessageContaining("--token-file")
        .hasMessageContaining(dir.resolve("matchlist").resolve("config.properties").toString());
  }
}
