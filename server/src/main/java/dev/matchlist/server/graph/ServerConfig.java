package dev.matchlist.server.graph;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the Graph server listens: address, TLS and the wire limits. Immutable; build with {@link
 * #builder()}.
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.builder()
 *     .port(8443)
 *     .tls(ServerConfig.Tls.selfSigned(dataDir))
 *     .build();
 * }</pre>
 *
 * @param host interface to bind, {@code 0.0.0.0} for all
 * @param port TCP port; 0 picks a free one (tests)
 * @param tls plain HTTP, a PKCS12 keystore, or a self-signed certificate kept in a data directory
 * @param maxBodyBytes larger bodies get a Graph error (code 100)
 * @param maxRequestLineBytes longest request line (method, URL, version): DELETE payloads travel in
 *     URLs, so this is megabytes, not Helidon's default 4 KB
 * @param defaultVersion the version of unversioned paths, echoed in {@code facebook-api-version}
 */
public record ServerConfig(
    String host,
    int port,
    Tls tls,
    long maxBodyBytes,
    int maxRequestLineBytes,
    String defaultVersion) {

  public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;
  public static final int DEFAULT_MAX_REQUEST_LINE_BYTES = 4 * 1024 * 1024;
  public static final String DEFAULT_VERSION = "v21.0";

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tls, "tls");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxBodyBytes must be 1..2 GB, was " + maxBodyBytes);
    }
    if (maxRequestLineBytes < 4096) {
      throw new IllegalArgumentException("maxRequestLineBytes must be >= 4096");
    }
    if (!GraphPath.parse("/" + defaultVersion, "v0.0").versionInPath()) {
      throw new IllegalArgumentException("defaultVersion must look like v21.0: " + defaultVersion);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The TLS choice. */
  public sealed interface Tls {

    /** Plain HTTP. */
    static Tls none() {
      return new Plain();
    }

    /** Serve the first key entry of a PKCS12 keystore. */
    static Tls keystore(Path pkcs12, String password) {
      return new Keystore(pkcs12, password);
    }

    /**
     * Serve a self-signed certificate for localhost, generated on first start into {@code
     * dataDirectory/tls/} and reused afterwards, so clients can pin its fingerprint.
     */
    static Tls selfSigned(Path dataDirectory) {
      return new SelfSigned(dataDirectory);
    }

    /** Plain HTTP. */
    record Plain() implements Tls {}

    /** A PKCS12 keystore file. */
    record Keystore(Path path, String password) implements Tls {
      public Keystore {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(password, "password");
      }

      @Override
      public String toString() {
        return "Keystore[" + path + "]"; // never print the password
      }
    }

    /** A self-signed certificate kept in a data directory. */
    record SelfSigned(Path dataDirectory) implements Tls {
      public SelfSigned {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
      }
    }
  }

  /** Builds a {@link ServerConfig}; defaults: 127.0.0.1:8080, plain HTTP, 16 MB bodies. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8080;
    private Tls tls = Tls.none();
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxRequestLineBytes = DEFAULT_MAX_REQUEST_LINE_BYTES;
    private String defaultVersion = DEFAULT_VERSION;

    private Builder() {}

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder tls(Tls tls) {
      this.tls = tls;
      return this;
    }

    public Builder maxBodyBytes(long maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    public Builder maxRequestLineBytes(int maxRequestLineBytes) {
      this.maxRequestLineBytes = maxRequestLineBytes;
      return this;
    }

    public Builder defaultVersion(String defaultVersion) {
      this.defaultVersion = defaultVersion;
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(host, port, tls, maxBodyBytes, maxRequestLineBytes, defaultVersion);
    }
  }
}
