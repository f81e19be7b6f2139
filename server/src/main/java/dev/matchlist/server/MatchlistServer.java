package dev.matchlist.server;

import dev.matchlist.server.access.Access;
import dev.matchlist.server.access.AccountGate;
import dev.matchlist.server.access.UsageTiming;
import dev.matchlist.server.admin.AdminService;
import dev.matchlist.server.admin.AdminToken;
import dev.matchlist.server.admin.IdentitiesAdmin;
import dev.matchlist.server.audiences.AudiencesService;
import dev.matchlist.server.audiences.MembershipAudienceStates;
import dev.matchlist.server.faults.FaultInjector;
import dev.matchlist.server.graph.GraphRoutes;
import dev.matchlist.server.graph.GraphServer;
import dev.matchlist.server.graph.GraphService;
import dev.matchlist.server.graph.PlatformWorkers;
import dev.matchlist.server.graph.ServerConfig;
import dev.matchlist.server.intake.SessionMatching;
import dev.matchlist.server.intake.SessionStore;
import dev.matchlist.server.intake.UploadsService;
import dev.matchlist.server.lookup.LookupService;
import dev.matchlist.server.matching.IdentityBase;
import dev.matchlist.server.matching.Matcher;
import dev.matchlist.server.matching.MatchingSource;
import dev.matchlist.server.matching.Membership;
import dev.matchlist.server.matching.PersonDirectory;
import dev.matchlist.server.matching.SyntheticMatching;
import dev.matchlist.server.matching.SyntheticPopulation;
import dev.matchlist.server.store.Catalog;
import dev.matchlist.server.store.IntakeLog;
import dev.matchlist.server.store.RocksCatalog;
import dev.matchlist.server.store.RocksIdentityStore;
import dev.matchlist.server.store.RocksIntakeLog;
import dev.matchlist.server.store.RocksMembershipStore;
import dev.matchlist.server.store.RocksSessionStore;
import dev.matchlist.server.store.RocksStore;
import dev.matchlist.server.usage.UsageLimits;
import dev.matchlist.server.usage.UsageMeter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The whole Matchlist server, assembled from one data directory: the store, the catalog, the intake
 * log and sessions, access checks, usage budgets, fault injection, the admin API and the Graph
 * feature services, behind one {@link GraphServer}.
 *
 * <p>Data directory layout: {@code db/} (RocksDB), {@code admin-token} (0600), {@code tls/} (the
 * self-signed certificate, when chosen).
 *
 * <pre>{@code
 * try (MatchlistServer server =
 *     MatchlistServer.start(MatchlistServer.Settings.builder(dataDir).port(8080).build())) {
 *   System.out.println(server.baseUrl());
 * }
 * }</pre>
 *
 * <p>Feature services are built from the {@link Parts} once the store is open: {@link #FEATURES}
 * lists the built-in ones, and {@link #start(Settings, List)} adds more (tests use it for probe
 * routes).
 */
public final class MatchlistServer implements AutoCloseable {

  /** The Graph feature services every server runs, built from the server's parts. */
  public static final List<Function<Parts, GraphService>> FEATURES =
      List.of(
          parts ->
              new AudiencesService(
                  parts.catalog(),
                  parts.access(),
                  parts.gate(),
                  new MembershipAudienceStates(
                      parts.membership(),
                      parts.sessionStore(),
                      parts.clock(),
                      MembershipAudienceStates.Rules.defaults()),
                  parts.clock(),
                  AudiencesService.MAX_CUSTOMER_FILE_AUDIENCES,
                  parts.membership()::deleteAudience),
          parts ->
              new UploadsService(
                  parts.access(),
                  parts.gate(),
                  parts.catalog(),
                  parts.sessionStore(),
                  parts.clock(),
                  sessionMatching(parts.membership()),
                  parts.matcher()::wakeUp,
                  parts.uploadWorkers()));

  /**
   * Uploads handled at once; more wait in line. Twice the cores: while some wait for a disk sync,
   * others parse.
   */
  private static final int UPLOAD_WORKERS =
      Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  /** The data directory's subdirectory that holds the RocksDB database. */
  public static final String STORE_DIRECTORY = "db";

  /**
   * What the services of a running server are built from; shared, thread-safe objects.
   *
   * @param faults the per-ad-account fault plans (in memory: a restart clears them)
   * @param matcher applies the intake log to the membership; started by the server, woken by
   *     uploads
   * @param uploadWorkers the platform threads uploads run on; stopped with the server
   */
  public record Parts(
      Catalog catalog,
      IntakeLog intakeLog,
      SessionStore sessionStore,
      Access access,
      AccountGate gate,
      UsageMeter meter,
      FaultInjector faults,
      Clock clock,
      IdentityBase identityBase,
      PersonDirectory people,
      Membership membership,
      Matcher matcher,
      PlatformWorkers uploadWorkers) {}

  /**
   * How to run a server.
   *
   * @param dataDirectory holds the store, the admin token and a self-signed certificate
   * @param host interface to bind ({@code 0.0.0.0} for all)
   * @param port TCP port; 0 picks a free one
   * @param tls plain HTTP, a PKCS12 keystore, or a self-signed certificate in the data directory
   * @param usageLimits the call budgets (Meta's advanced access by default)
   * @param clock the catalog's clock (creation times)
   */
  public record Settings(
      Path dataDirectory,
      String host,
      int port,
      ServerConfig.Tls tls,
      UsageLimits usageLimits,
      Clock clock,
      MatchingSource matching) {
    public Settings {
      Objects.requireNonNull(dataDirectory, "dataDirectory");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(tls, "tls");
      Objects.requireNonNull(usageLimits, "usageLimits");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(matching, "matching");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
    }

    /** Defaults: 127.0.0.1:8080, plain HTTP, advanced-access budgets, the system clock. */
    public static Builder builder(Path dataDirectory) {
      return new Builder(dataDirectory);
    }

    /** Builds {@link Settings}. */
    public static final class Builder {
      private final Path dataDirectory;
      private String host = "127.0.0.1";
      private int port = 8080;
      private ServerConfig.Tls tls = ServerConfig.Tls.none();
      private UsageLimits usageLimits = UsageLimits.advancedAccess();
      private Clock clock = Clock.systemUTC();
      private MatchingSource matching = MatchingSource.identities();

      private Builder(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
      }

      public Builder host(String host) {
        this.host = host;
        return this;
      }

      public Builder port(int port) {
        this.port = port;
        return this;
      }

      public Builder tls(ServerConfig.Tls tls) {
        this.tls = tls;
        return this;
      }

      public Builder usageLimits(UsageLimits usageLimits) {
        this.usageLimits = usageLimits;
        return this;
      }

      public Builder clock(Clock clock) {
        this.clock = clock;
        return this;
      }

      /** Who uploads are matched against; the identity base unless said otherwise. */
      public Builder matching(MatchingSource matching) {
        this.matching = matching;
        return this;
      }

      public Settings build() {
        return new Settings(dataDirectory, host, port, tls, usageLimits, clock, matching);
      }
    }
  }

  private final Settings settings;
  private final RocksStore store;
  private final GraphServer server;
  private final AdminToken adminToken;
  private final Parts parts;
  private final Matcher matcher;
  private boolean closed;

  private MatchlistServer(
      Settings settings,
      RocksStore store,
      GraphServer server,
      AdminToken adminToken,
      Parts parts,
      Matcher matcher) {
    this.settings = settings;
    this.store = store;
    this.server = server;
    this.adminToken = adminToken;
    this.parts = parts;
    this.matcher = matcher;
  }

  /** Starts a server with the built-in {@link #FEATURES}; returns once the port is bound. */
  public static MatchlistServer start(Settings settings) {
    return start(settings, List.of());
  }

  /**
   * Starts a server with the built-in {@link #FEATURES} and {@code extraServices}.
   *
   * @throws dev.matchlist.server.store.StoreException when the store cannot be opened (e.g. another
   *     server holds it)
   * @throws RuntimeException from the HTTP server when the port cannot be bound; the store is
   *     closed again first
   */
  public static MatchlistServer start(
      Settings settings, List<Function<Parts, GraphService>> extraServices) {
    AdminToken adminToken = AdminToken.loadOrCreate(settings.dataDirectory());
    RocksStore store = RocksStore.open(settings.dataDirectory().resolve(STORE_DIRECTORY));
    Matcher matcher = null;
    PlatformWorkers uploadWorkers = null;
    try {
      Parts parts = parts(settings, store);
      matcher = parts.matcher();
      uploadWorkers = parts.uploadWorkers();
      matcher.start();
      GraphRoutes.Builder routes =
          GraphRoutes.builder()
              .intercept(new UsageTiming(parts.meter()))
              .register(new AdminService(adminToken, parts.catalog(), parts.faults()))
              .register(
                  new IdentitiesAdmin(
                      adminToken,
                      parts.catalog(),
                      parts.identityBase(),
                      parts.people(),
                      parts.membership()))
              .register(
                  new LookupService(
                      adminToken, parts.catalog(), parts.people(), parts.membership()));
      List<Function<Parts, GraphService>> services = new ArrayList<>(FEATURES);
      services.addAll(extraServices);
      for (Function<Parts, GraphService> service : services) {
        routes.register(service.apply(parts));
      }
      ServerConfig config =
          ServerConfig.builder()
              .host(settings.host())
              .port(settings.port())
              .tls(settings.tls())
              .build();
      GraphServer server = GraphServer.start(config, routes.build());
      return new MatchlistServer(settings, store, server, adminToken, parts, matcher);
    } catch (RuntimeException e) {
      if (uploadWorkers != null) {
        uploadWorkers.close();
      }
      if (matcher != null) {
        matcher.close();
      }
      store.close();
      throw e;
    }
  }

  private static Parts parts(Settings settings, RocksStore store) {
    Catalog catalog = new RocksCatalog(store, settings.clock());
    RocksIntakeLog intakeLog = new RocksIntakeLog(store);
    SessionStore sessions = new RocksSessionStore(store, intakeLog);
    UsageMeter meter = new UsageMeter(settings.usageLimits());
    FaultInjector faults = new FaultInjector();
    IdentityBase identityBase = IdentityBase.open(new RocksIdentityStore(store));
    PersonDirectory people = people(settings.matching(), identityBase);
    Membership membership = Membership.load(new RocksMembershipStore(store));
    // Batches of deleted audiences are skipped, so deleting one is final (see AudiencesService).
    Matcher matcher =
        new Matcher(
            intakeLog,
            sessions,
            people,
            membership,
            settings.clock(),
            Matcher.DEFAULT_BATCHES_PER_COMMIT,
            audienceId -> catalog.audience(audienceId).isPresent());
    return new Parts(
        catalog,
        intakeLog,
        sessions,
        new Access(catalog),
        new AccountGate(meter, faults, catalog),
        meter,
        faults,
        settings.clock(),
        identityBase,
        people,
        membership,
        matcher,
        PlatformWorkers.start("upload", UPLOAD_WORKERS));
  }

  /**
   * Intake's view of matching: the match reports as totals per session, keyed by kind name, and
   * each audience's member count.
   */
  private static SessionMatching sessionMatching(Membership membership) {
    return new SessionMatching() {
      @Override
      public Optional<SessionMatching.Progress> progress(String adAccountId, long sessionId) {
        return membership
            .matchReport(adAccountId, sessionId)
            .map(
                report -> {
                  Map<String, Long> byKey = new TreeMap<>();
                  report.matchesByKind().forEach((kind, n) -> byKey.put(kind.name(), n));
                  return new SessionMatching.Progress(
                      report.rowsReceived(),
                      report.matchedRows(),
                      report.matchedShareBucket(),
                      byKey);
                });
      }

      @Override
      public long memberCount(String audienceId) {
        return membership.members(audienceId).count();
      }
    };
  }

  /** Who uploads match: the identity base, or one of the emulator's synthetic sources. */
  private static PersonDirectory people(MatchingSource source, IdentityBase identityBase) {
    return switch (source.kind()) {
      case IDENTITIES -> identityBase;
      case SYNTHETIC -> new SyntheticMatching(source.rate());
      case POPULATION -> SyntheticPopulation.generate(source.populationSize(), 1L);
    };
  }

  /** {@code http(s)://host:port}, with the real port when the settings asked for port 0. */
  public String baseUrl() {
    return server.baseUrl();
  }

  /** The bound port. */
  public int port() {
    return server.port();
  }

  /** SHA-256 of the served certificate ({@code AB:CD:…}); empty on plain HTTP. */
  public Optional<String> certificateFingerprint() {
    return server.certificateFingerprint();
  }

  public AdminToken adminToken() {
    return adminToken;
  }

  /** Where the admin token is kept, for {@code matchlist admin --admin-token-file}. */
  public Path adminTokenFile() {
    return settings.dataDirectory().resolve(AdminToken.FILE_NAME);
  }

  /** The running server's parts, e.g. for tests that seed the catalog directly. */
  public Parts parts() {
    return parts;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Stops the HTTP server (running requests get a short grace period), then closes the store.
   * Idempotent and safe to call from a shutdown hook while another thread also closes.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.stop();
    } finally {
      try {
        parts.uploadWorkers().close();
        matcher.close();
      } finally {
        store.close();
      }
    }
  }
}
