package dev.matchlist.server.intake;

import dev.matchlist.server.access.Access;
import dev.matchlist.server.access.AccountGate;
import dev.matchlist.server.faults.FaultInjector;
import dev.matchlist.server.graph.GraphRoutes;
import dev.matchlist.server.graph.GraphServer;
import dev.matchlist.server.graph.PlatformWorkers;
import dev.matchlist.server.graph.ServerConfig;
import dev.matchlist.server.store.Catalog;
import dev.matchlist.server.store.IntakeLog;
import dev.matchlist.server.store.RocksCatalog;
import dev.matchlist.server.store.RocksIntakeLog;
import dev.matchlist.server.store.RocksSessionStore;
import dev.matchlist.server.store.RocksStore;
import dev.matchlist.server.usage.UsageLimits;
import dev.matchlist.server.usage.UsageMeter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A real server with the uploads routes on a free port, over a real RocksDB in {@code dir}. */
final class UploadsFixture implements AutoCloseable {
  final RocksStore store;
  final Catalog catalog;
  final RocksIntakeLog intakeLog;
  final RocksSessionStore sessions;
  final GraphServer server;
  final PlatformWorkers workers = PlatformWorkers.start("upload", 4);

  /** What the sessions edge reports of matching: whatever a test puts here. */
  final Map<Long, SessionMatching.Progress> progress = new ConcurrentHashMap<>();

  /** What matching reports as an audience's member count, by audience id (0 when absent). */
  final Map<String, Long> memberCounts = new ConcurrentHashMap<>();

  /** How many batches the service reported as newly stored. */
  final AtomicInteger acceptedBatches = new AtomicInteger();

  UploadsFixture(Path dir, Clock clock, int port) {
    store = RocksStore.open(dir);
    catalog = new RocksCatalog(store, Clock.systemUTC());
    intakeLog = new RocksIntakeLog(store);
    sessions = new RocksSessionStore(store, intakeLog);
    UsageMeter meter =
        new UsageMeter(
            new UsageLimits(
                "standard_access", 1_000_000, 0, 1_000_000, 1_000_000, Duration.ofHours(100)));
    Access access = new Access(catalog);
    AccountGate gate = new AccountGate(meter, new FaultInjector(), catalog);
    GraphRoutes routes =
        GraphRoutes.builder()
            .register(
                new UploadsService(
                    access,
                    gate,
                    catalog,
                    sessions,
                    clock,
                    new SessionMatching() {
                      @Override
                      public Optional<Progress> progress(String account, long sessionId) {
                        return Optional.ofNullable(progress.get(sessionId));
                      }

                      @Override
                      public long memberCount(String audienceId) {
                        return memberCounts.getOrDefault(audienceId, 0L);
                      }
                    },
                    acceptedBatches::incrementAndGet,
                    workers))
            .build();
    server = GraphServer.start(ServerConfig.builder().port(port).build(), routes);
  }

  /** Every batch in the intake log, decoded. */
  List<IntakeBatch> storedBatches() {
    return intakeLog.readAfter(0, Integer.MAX_VALUE).stream()
        .map(IntakeLog.Entry::bytes)
        .map(IntakeBatch::decode)
        .toList();
  }

  @Override
  public void close() {
    server.stop();
    workers.close();
    store.close();
  }

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private volatile long millis;

    ManualClock(long millis) {
      this.millis = millis;
    }

    void advance(Duration by) {
      millis += by.toMillis();
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
