package dev.matchlist.server.audiences;

import dev.matchlist.server.access.Access;
import dev.matchlist.server.access.AccountGate;
import dev.matchlist.server.access.UsageTiming;
import dev.matchlist.server.faults.FaultInjector;
import dev.matchlist.server.graph.GraphRoutes;
import dev.matchlist.server.graph.GraphServer;
import dev.matchlist.server.graph.ServerConfig;
import dev.matchlist.server.store.Catalog;
import dev.matchlist.server.store.RocksCatalog;
import dev.matchlist.server.store.RocksStore;
import dev.matchlist.server.usage.UsageLimits;
import dev.matchlist.server.usage.UsageMeter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A real server with the audience API over a real RocksDB, and two tenants: ad account A (whose
 * token the tests use) and ad account B of the same app.
 */
final class AudienceApiServer implements AutoCloseable {
  final SettableClock clock = new SettableClock(1_700_000_000L);
  final RocksStore store;
  final Catalog catalog;
  final GraphServer server;
  final Catalog.AdAccount accountA;
  final Catalog.AdAccount accountB;
  final String tokenA;
  final String tokenB;

  AudienceApiServer(Path dataDirectory, ServerConfig.Tls tls, int maxAudiencesPerAccount) {
    this(dataDirectory, tls, maxAudiencesPerAccount, AudienceStates.noUploadYet());
  }

  AudienceApiServer(
      Path dataDirectory, ServerConfig.Tls tls, int maxAudiencesPerAccount, AudienceStates states) {
    this(dataDirectory, tls, maxAudiencesPerAccount, states, UnaryOperator.identity());
  }

  /**
   * @param serviceCatalog wraps the catalog the audience service sees (e.g. to slow it down and
   *     widen race windows); the test's own {@link #catalog} stays the plain one
   */
  AudienceApiServer(
      Path dataDirectory,
      ServerConfig.Tls tls,
      int maxAudiencesPerAccount,
      AudienceStates states,
      UnaryOperator<Catalog> serviceCatalog) {
    store = RocksStore.open(dataDirectory.resolve("db"));
    catalog = new RocksCatalog(store, clock);
    UsageMeter meter = new UsageMeter(UsageLimits.advancedAccess());
    Access access = new Access(catalog);
    AccountGate gate = new AccountGate(meter, new FaultInjector(), catalog);
    AudiencesService audiences =
        new AudiencesService(catalog, access, gate, states, clock, maxAudiencesPerAccount);
    GraphRoutes routes =
        GraphRoutes.builder().intercept(new UsageTiming(meter)).register(audiences).build();
    server = GraphServer.start(ServerConfig.builder().port(0).tls(tls).build(), routes);

    Catalog.App app = catalog.createApp("shop", false);
    accountA = catalog.createAdAccount("A", app.id());
    accountB = catalog.createAdAccount("B", app.id());
    tokenA = catalog.issueToken("a", app.id(), Set.of(accountA.id())).token();
    tokenB = catalog.issueToken("b", app.id(), Set.of(accountB.id())).token();
  }

  String baseUrl() {
    return server.baseUrl();
  }

  @Override
  public void close() {
    server.stop();
    store.close();
  }

  /** A clock tests move by hand, so that times in answers are known. */
  static final class SettableClock extends Clock {
    private final AtomicLong seconds;

    SettableClock(long epochSeconds) {
      this.seconds = new AtomicLong(epochSeconds);
    }

    void advance(long bySeconds) {
      seconds.addAndGet(bySeconds);
    }

    long seconds() {
      return seconds.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochSecond(seconds.get());
    }
  }
}
