package dev.matchlist.cli.serve;

import dev.matchlist.server.MatchlistServer;
import dev.matchlist.server.graph.ServerConfig;
import dev.matchlist.server.matching.MatchingSource;
import dev.matchlist.server.store.StoreException;
import dev.matchlist.server.usage.UsageLimits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code matchlist serve}: runs the server until SIGTERM or Ctrl-C, then stops it, closes the store
 * and exits 0. Prints one line on stdout once listening: the base URL (with the real port when
 * {@code --port 0}), the matching source, the certificate's SHA-256 when self-signed, and where the
 * admin token is. Logs go to stderr.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Graph-compatible server and its admin API on a data directory.",
      "Every option has an environment variable fallback (MATCHLIST_DATA, MATCHLIST_PORT, ...)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped by SIGTERM or Ctrl-C",
      "2:wrong options",
      "4:the data directory, the port or the TLS material cannot be used"
    })
public final class ServeCommand implements Callable<Integer> {

  static final int EXIT_IO = 4;

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "${env:MATCHLIST_DATA}",
      description = "Data directory (store, admin token, TLS). Env: MATCHLIST_DATA.")
  @Nullable Path data;

  @Option(
      names = "--port",
      defaultValue = "${env:MATCHLIST_PORT:-8080}",
      description = "TCP port; 0 picks a free one. Env: MATCHLIST_PORT. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--host",
      defaultValue = "${env:MATCHLIST_HOST:-127.0.0.1}",
      description =
          "Interface to bind; 0.0.0.0 for all. Env: MATCHLIST_HOST. Default: ${DEFAULT-VALUE}.")
  String host = "127.0.0.1";

  @Option(
      names = "--usage-tier",
      defaultValue = "${env:MATCHLIST_USAGE_TIER:-advanced}",
      description =
          "Call budgets of Meta's access tier: advanced or standard. Env: MATCHLIST_USAGE_TIER."
              + " Default: ${DEFAULT-VALUE}.")
  String usageTier = "advanced";

  @Option(
      names = "--matching",
      paramLabel = "SOURCE",
      defaultValue = "${env:MATCHLIST_MATCHING:-identities}",
      description = {
        "Who uploads are matched against: identities (the identity base in the data directory),"
            + " synthetic[:rate] (every identifier is a person at that rate, default 0.7) or"
            + " population[:size] (user{i}@example.com for i < size, default 1000000).",
        "Env: MATCHLIST_MATCHING. Default: ${DEFAULT-VALUE}."
      })
  String matching = "identities";

  @ArgGroup(exclusive = true)
  @Nullable TlsChoice tls;

  /** At most one way to serve HTTPS; none means plain HTTP (or what the environment says). */
  static final class TlsChoice {
    @ArgGroup(exclusive = false)
    @Nullable Keystore keystore;

    @Option(
        names = "--tls-self-signed",
        description =
            "Serve HTTPS with a self-signed certificate kept in the data directory"
                + " (env MATCHLIST_TLS_SELF_SIGNED=true).")
    boolean selfSigned;
  }

  /** A PKCS12 keystore and its password. */
  static final class Keystore {
    @Option(
        names = "--tls-keystore",
        paramLabel = "FILE",
        required = true,
        description =
            "Serve HTTPS with the first key of this PKCS12 keystore"
                + " (env MATCHLIST_TLS_KEYSTORE).")
    Path path;

    @Option(
        names = "--tls-keystore-password",
        paramLabel = "PASSWORD",
        required = true,
        description = "The keystore's password (env MATCHLIST_TLS_KEYSTORE_PASSWORD).")
    String password;
  }

  @Override
  public Integer call() throws InterruptedException {
    MatchlistServer.Settings settings = settings();
    MatchlistServer server;
    try {
      server = MatchlistServer.start(settings);
    } catch (StoreException e) {
      return fail("cannot open the data directory " + settings.dataDirectory(), e);
    } catch (RuntimeException e) {
      // the port is taken, the keystore is unreadable, keytool is missing, ...
      return fail("cannot start the server", e);
    }
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(server), "matchlist-serve-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println(startupLine(server));
    out.flush();
    forever.await();
    return 0;
  }

  /**
   * Runs in the shutdown hook (SIGTERM, Ctrl-C): stop serving, close the store, then end the JVM
   * with 0, since a signal-initiated exit would otherwise report 143 for a clean stop.
   */
  private static void stop(MatchlistServer server) {
    int status = 0;
    try {
      log().info("Stopping: closing the server and the store");
      server.close();
      log().info("Stopped");
    } catch (RuntimeException e) {
      log().error("Unclean stop", e);
      status = 1;
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(status);
  }

  static String startupLine(MatchlistServer server) {
    StringBuilder line = new StringBuilder("Matchlist serving ").append(server.baseUrl());
    line.append(" (matching ").append(describe(server.settings().matching())).append("; ");
    server
        .certificateFingerprint()
        .ifPresent(f -> line.append("certificate SHA-256 ").append(f).append("; "));
    line.append("admin token in ").append(server.adminTokenFile()).append(')');
    return line.toString();
  }

  /** The {@code --matching} form that {@link MatchingSource#parse} reads back. */
  static String describe(MatchingSource source) {
    return switch (source.kind()) {
      case IDENTITIES -> "identities";
      case SYNTHETIC -> "synthetic:" + source.rate();
      case POPULATION -> "population:" + source.populationSize();
    };
  }

  private MatchlistServer.Settings settings() {
    if (data == null) {
      throw new ParameterException(
          spec.commandLine(), "Missing the data directory: pass --data DIR or set MATCHLIST_DATA");
    }
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0..65535, was " + port);
    }
    UsageLimits limits =
        switch (usageTier.strip().toLowerCase(java.util.Locale.ROOT)) {
          case "advanced" -> UsageLimits.advancedAccess();
          case "standard" -> UsageLimits.standardAccess();
          default ->
              throw new ParameterException(
                  spec.commandLine(),
                  "--usage-tier must be advanced or standard, was '" + usageTier + "'");
        };
    MatchingSource source;
    try {
      source = MatchingSource.parse(matching);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return MatchlistServer.Settings.builder(data)
        .matching(source)
        .host(host)
        .port(port)
        .tls(tls(data))
        .usageLimits(limits)
        .build();
  }

  /** The TLS choice: options first, then MATCHLIST_TLS_* variables, else plain HTTP. */
  private ServerConfig.Tls tls(Path dataDirectory) {
    if (tls != null && tls.keystore != null) {
      return ServerConfig.Tls.keystore(tls.keystore.path, tls.keystore.password);
    }
    if (tls != null && tls.selfSigned) {
      return ServerConfig.Tls.selfSigned(dataDirectory);
    }
    String keystore = System.getenv("MATCHLIST_TLS_KEYSTORE");
    if (keystore != null && !keystore.isBlank()) {
      String password = System.getenv("MATCHLIST_TLS_KEYSTORE_PASSWORD");
      if (password == null) {
        throw new ParameterException(
            spec.commandLine(),
            "MATCHLIST_TLS_KEYSTORE is set but MATCHLIST_TLS_KEYSTORE_PASSWORD is not");
      }
      return ServerConfig.Tls.keystore(Path.of(keystore), password);
    }
    if (Boolean.parseBoolean(System.getenv("MATCHLIST_TLS_SELF_SIGNED"))) {
      return ServerConfig.Tls.selfSigned(dataDirectory);
    }
    return ServerConfig.Tls.none();
  }

  private int fail(String what, RuntimeException e) {
    log().debug(what, e);
    PrintWriter err = spec.commandLine().getErr();
    err.println("matchlist serve: " + what + ": " + e.getMessage());
    err.flush();
    return EXIT_IO;
  }

  /**
   * Looked up when used, not in a static field: picocli creates every command for every run, and
   * setting Logback up costs one-shot commands like {@code upload} a visible share of their start.
   */
  private static Logger log() {
    return LoggerFactory.getLogger(ServeCommand.class);
  }
}
