package dev.matchlist.cli.graph;

import dev.matchlist.cli.ExitCodes;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The connection settings file: Java properties with the keys {@code base_url}, {@code
 * api_version}, {@code access_token} and {@code app_secret}. Its default place is {@code
 * $XDG_CONFIG_HOME/matchlist/config.properties} (else {@code ~/.config/matchlist/...}); a missing
 * default file is simply no settings, a missing {@code --config} file is an error.
 *
 * <p>Keys are checked, since a misspelt {@code acces_token} would otherwise be ignored silently and
 * the upload would fail later with a confusing 104.
 */
record ConfigFile(Path path, Map<String, String> values) {
  static final String BASE_URL = "base_url";
  static final String API_VERSION = "api_version";
  static final String ACCESS_TOKEN = "access_token";
  static final String APP_SECRET = "app_secret";
  private static final Set<String> KEYS = Set.of(BASE_URL, API_VERSION, ACCESS_TOKEN, APP_SECRET);

  /** The default file's path for this environment. */
  static Path defaultPath(Map<String, String> environment) {
    String xdg = environment.get("XDG_CONFIG_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("matchlist").resolve("config.properties");
  }

  /**
   * Reads {@code explicit} (which must exist), or else the default file if there is one.
   *
   * @throws GraphCommandException (usage or I/O) when the file cannot be read or has unknown keys
   */
  static ConfigFile read(@Nullable Path explicit, Map<String, String> environment) {
    Path path = explicit != null ? explicit : defaultPath(environment);
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      if (explicit != null) {
        throw new GraphCommandException(
            ExitCodes.IO, "no such config file " + path + " (--config)");
      }
      return new ConfigFile(path, Map.of());
    } catch (IOException | IllegalArgumentException e) {
      throw new GraphCommandException(
          ExitCodes.IO, "cannot read the config file " + path + ": " + e.getMessage());
    }
    for (String key : properties.stringPropertyNames()) {
      if (!KEYS.contains(key)) {
        throw new GraphCommandException(
            ExitCodes.USAGE,
            "the config file " + path + " has an unknown key \"" + key + "\"; known: " + KEYS);
      }
    }
    Map<String, String> values =
        Map.copyOf(
            properties.stringPropertyNames().stream()
                .filter(key -> !properties.getProperty(key).isBlank())
                .collect(Collectors.toMap(key -> key, key -> properties.getProperty(key).strip())));
    return new ConfigFile(path, values);
  }

  Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** Never the values: one of them is a token. */
  @Override
  public String toString() {
    return "ConfigFile[" + path + ", keys=" + values.keySet() + "]";
  }
}
