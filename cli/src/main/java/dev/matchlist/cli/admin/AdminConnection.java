package dev.matchlist.cli.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The options every {@code matchlist admin} command shares: where the server is, how to trust it,
 * where the admin token comes from, and whether to print JSON.
 *
 * <p>The admin token is taken from {@code --admin-token-file}, else {@code MATCHLIST_ADMIN_TOKEN},
 * else the {@code admin-token} file of {@code --data} (or {@code MATCHLIST_DATA}).
 */
public final class AdminConnection {
  @Option(
      names = "--server",
      paramLabel = "URL",
      defaultValue = "${env:MATCHLIST_SERVER:-http://127.0.0.1:8080}",
      description = "The server's base URL. Env: MATCHLIST_SERVER. Default: ${DEFAULT-VALUE}.")
  String server = "http://127.0.0.1:8080";

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "${env:MATCHLIST_DATA}",
      description =
          "The server's data directory, to read its admin-token file. Env: MATCHLIST_DATA.")
  @Nullable Path data;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description = "A file holding the admin token (default: DIR/admin-token with --data).")
  @Nullable Path adminTokenFile;

  @Option(
      names = "--tls-fingerprint",
      paramLabel = "SHA256",
      defaultValue = "${env:MATCHLIST_TLS_FINGERPRINT}",
      description =
          "Trust only the certificate with this SHA-256 fingerprint, as `matchlist serve` prints"
              + " it. Env: MATCHLIST_TLS_FINGERPRINT.")
  @Nullable String tlsFingerprint;

  @Option(
      names = "--insecure",
      description = "Trust any certificate (self-signed servers in tests only).")
  boolean insecure;

  @Option(names = "--json", description = "Print the server's JSON answer instead of a table.")
  boolean json;

  /** A client for the admin API with these options. */
  public AdminClient client() {
    return new AdminClient(server, adminToken(), tlsFingerprint, insecure);
  }

  /** Whether {@code --json} was given. */
  public boolean json() {
    return json;
  }

  private String adminToken() {
    Path file = adminTokenFile;
    if (file == null) {
      String fromEnvironment = System.getenv("MATCHLIST_ADMIN_TOKEN");
      if (fromEnvironment != null && !fromEnvironment.isBlank()) {
        return fromEnvironment.strip();
      }
      if (data == null) {
        throw new AdminFailure(
            AdminFailure.USAGE,
            "no admin token: pass --data DIR (the server's data directory), --admin-token-file"
                + " FILE, or set MATCHLIST_ADMIN_TOKEN");
      }
      file = data.resolve("admin-token");
    }
    try {
      String token = Files.readString(file).strip();
      if (token.isEmpty()) {
        throw new AdminFailure(AdminFailure.USAGE, "the admin token file " + file + " is empty");
      }
      return token;
    } catch (NoSuchFileException e) {
      throw new AdminFailure(
          AdminFailure.IO,
          "no admin token file " + file + " (the server writes it on its first start)");
    } catch (IOException e) {
      throw new AdminFailure(
          AdminFailure.IO, "cannot read the admin token file " + file + ": " + e.getMessage());
    }
  }
}
