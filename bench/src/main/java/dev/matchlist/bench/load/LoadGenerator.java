package dev.matchlist.bench.load;

import dev.matchlist.server.MatchlistServer;
import dev.matchlist.server.matching.MatchingSource;
import dev.matchlist.server.usage.UsageLimits;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * The {@code matchlist bench} load generator: drives uploads over HTTP from concurrent clients and
 * measures what the server acknowledges, how long requests take, how soon an acknowledged batch is
 * counted in its audience, what the matcher applies, and what the server costs in CPU and memory.
 *
 * <p>Request bodies are built before the clock starts and sent over plain keep-alive sockets, so
 * the clients cost little. Every row names a person of the synthetic population, so every row
 * matches; the bodies' people are spread over the whole population ({@link KeySet#loadPayloads}),
 * so that look-ups cost what they cost against an identity base of that size; a small slice of the
 * population is kept apart for the freshness probe, whose batches therefore always add new members
 * (the load's own batches soon repeat people already in).
 *
 * <p>With several audiences, request {@code i} (counted over all clients) goes to load audience
 * {@code i mod N}; before the clock starts each load audience gets one seed batch of {@value
 * #SEED_ROWS} people and the matcher applies them all, so that the server holds N non-empty
 * audiences while it is measured, however few requests the measured part makes.
 */
public final class LoadGenerator {
  /** Below this the probe's reserved slice would leave no people for the load. */
  public static final int MIN_POPULATION = 1_000;

  /** People in each load audience's seed batch. */
  static final int SEED_ROWS = 1_000;

  /**
   * The bodies a load repeats, in payload bytes: 192 MB is ~280 single-key or ~55 five-key batches
   * of 10,000 rows, i.e. 2.8 M or 0.55 M distinct people spread over the population.
   */
  public static final long BODY_BUDGET_BYTES = 192L << 20;

  private final LoadSettings settings;
  private final PrintStream progress;

  public LoadGenerator(LoadSettings settings, PrintStream progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /** Runs the whole bench (starting and stopping the in-process server if asked) and reports. */
  public LoadReport run() {
    if (!settings.inProcess()) {
      URI url = settings.url().orElseThrow();
      ProcessUsage usage =
          settings.serverPid().stream().mapToObj(ProcessUsage::new).findFirst().orElse(null);
      if (settings.sink()) {
        return drive(url.toString(), null, null, null, usage, Double.NaN, "sink");
      }
      AdminSetup admin = new AdminSetup(stripSlash(url.toString()), settings.adminToken());
      AdminSetup.Target target = admin.create(runName(), settings.audiences());
      return drive(
          stripSlash(url.toString()),
          admin,
          target,
          () -> admin.memberCount(target.probeAudience()),
          usage,
          Double.NaN,
          "url");
    }
    Path dir;
    try {
      dir = Files.createTempDirectory("matchlist-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      progress.printf(
          "starting a server in-process with a population of %,d people…%n", settings.population());
      long started = System.nanoTime();
      try (MatchlistServer server =
          MatchlistServer.start(
              MatchlistServer.Settings.builder(dir)
                  .port(0)
                  .matching(MatchingSource.population(settings.population()))
                  .usageLimits(unlimited())
                  .build())) {
        double setupSeconds = (System.nanoTime() - started) / 1e9;
        AdminSetup admin = new AdminSetup(server.baseUrl(), server.adminToken().value());
        long creating = System.nanoTime();
        AdminSetup.Target target = admin.create(runName(), settings.audiences());
        progress.printf(
            "%,d audience(s) created in %.1f s%n",
            settings.audiences(), (System.nanoTime() - creating) / 1e9);
        return drive(
            server.baseUrl(),
            admin,
            target,
            () -> server.parts().membership().members(target.probeAudience()).count(),
            ProcessUsage.self(),
            setupSeconds,
            "in-process");
      }
    } finally {
      deleteTree(dir);
    }
  }

  private LoadReport drive(
      String baseUrl,
      AdminSetup admin,
      AdminSetup.Target target,
      LongSupplier probeCount,
      ProcessUsage usage,
      double setupSeconds,
      String targetName) {
    int rows = settings.batchRows();
    int reserve = settings.sink() ? 0 : probeReserve(settings.population());
    int loadPeople = settings.population() - reserve;
    List<byte[]> payloads = settings.keys().loadPayloads(loadPeople, rows, BODY_BUDGET_BYTES);
    int bodyCount = payloads.size();
    String token = target == null ? "sink" : target.token();
    List<String> audiences = target == null ? List.of("0") : target.loadAudiences();
    int audienceCount = audiences.size();
    URI base = URI.create(baseUrl);
    // heads.get(a * bodyCount + b): body b sent to load audience a.
    List<byte[]> heads = new ArrayList<>();
    List<byte[]> bodies = new ArrayList<>();
    List<UploadBody> uploads = new ArrayList<>();
    RawHttpConnection headMaker = new RawHttpConnection(base);
    for (byte[] payload : payloads) {
      UploadBody body = settings.encoding().encode(token, payload);
      uploads.add(body);
      bodies.add(body.bytes());
    }
    for (String audience : audiences) {
      for (UploadBody body : uploads) {
        heads.add(headMaker.head("/v21.0/" + audience + "/users", body));
      }
    }
    FreshnessProbe probe =
        target == null
            ? null
            : new FreshnessProbe(
                base, target, probeCount, loadPeople, reserve / FreshnessProbe.BATCH_ROWS);
    if (target != null) {
      seed(base, target, loadPeople, probe);
    }
    progress.printf(
        "%d distinct %,d-byte bodies built; %s for %.1f s (after %.1f s warm-up), %d client(s)…%n",
        bodyCount,
        bodies.get(0).length,
        baseUrl,
        settings.duration().toMillis() / 1e3,
        settings.warmup().toMillis() / 1e3,
        settings.clients());

    long loadStart = System.nanoTime();
    long measureStart = loadStart + settings.warmup().toNanos();
    long measureEnd = measureStart + settings.duration().toNanos();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong measuredRows = new AtomicLong();
    AtomicLong allRows = new AtomicLong();
    AtomicLong lastAck = new AtomicLong(measureStart);
    AtomicLong clientCpu = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    // With a rate, batch n (over all clients) is due at loadStart + n × the batch interval.
    AtomicLong tickets = new AtomicLong();
    long batchInterval =
        settings.rowsPerSecond() == 0 ? 0 : (long) (rows * 1e9 / settings.rowsPerSecond());
    List<Histogram> latencies = new ArrayList<>();
    List<Thread> clients = new ArrayList<>();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int c = 0; c < settings.clients(); c++) {
      int client = c;
      Histogram latency = histogram();
      latencies.add(latency);
      clients.add(
          Thread.ofPlatform()
              .name("bench-client-" + c)
              .start(
                  () -> {
                    long cpuAtMeasure = -1;
                    try (RawHttpConnection http = new RawHttpConnection(base)) {
                      for (long i = client; !stop.get(); i += settings.clients()) {
                        // Every body in turn whatever N, so the rows name the same 160,000-odd
                        // people (and the look-ups touch as much of the index) at any N.
                        int a = (int) (i % audienceCount);
                        int b = (int) (i % bodyCount);
                        if (batchInterval > 0) {
                          long due = loadStart + tickets.getAndIncrement() * batchInterval;
                          if (due >= measureEnd) {
                            stop.set(true);
                            break;
                          }
                          sleepUntil(due, stop);
                        }
                        long sent = System.nanoTime();
                        if (cpuAtMeasure < 0 && sent >= measureStart) {
                          cpuAtMeasure = threads.getCurrentThreadCpuTime();
                        }
                        RawHttpConnection.Answer answer =
                            http.send(heads.get(a * bodyCount + b), bodies.get(b));
                        long answered = System.nanoTime();
                        if (answer.status() / 100 != 2) {
                          throw new IllegalStateException(
                              "upload refused: HTTP " + answer.status() + " " + answer.body());
                        }
                        allRows.addAndGet(rows);
                        if (sent >= measureStart && answered <= measureEnd) {
                          latency.recordValue((answered - sent) / 1_000);
                          lastAck.accumulateAndGet(answered, Math::max);
                          long total = measuredRows.addAndGet(rows);
                          if (settings.maxRows() > 0 && total >= settings.maxRows()) {
                            stop.set(true);
                          }
                        }
                        if (answered >= measureEnd) {
                          stop.set(true);
                        }
                      }
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                      stop.set(true);
                    } finally {
                      if (cpuAtMeasure >= 0) {
                        clientCpu.addAndGet(threads.getCurrentThreadCpuTime() - cpuAtMeasure);
                      }
                    }
                  }));
    }

    sleepUntil(measureStart, stop);
    OptionalLong cpuStart = usage == null ? OptionalLong.empty() : usage.cpuNanos();
    Histogram freshness = histogram();
    if (probe != null) {
      while (!stop.get() && probe.remaining() > 1) {
        long next = System.nanoTime() + settings.probeInterval().toNanos();
        probe.measure(freshness);
        sleepUntil(next, stop);
      }
    }
    join(clients);
    long measuredEnd = lastAck.get();
    OptionalLong cpuEnd = usage == null ? OptionalLong.empty() : usage.cpuNanos();
    if (failure.get() != null) {
      throw new IllegalStateException(
          "the load failed: " + failure.get().getMessage(), failure.get());
    }
    double matcherRowsPerSecond = Double.NaN;
    if (probe != null && probe.remaining() > 0) {
      // The matcher applies the log in order: a batch sent after the load is reflected only once
      // every batch of the load is applied.
      long drained = probe.measure(null);
      matcherRowsPerSecond =
          drained < 0 ? Double.NaN : allRows.get() / ((drained - loadStart) / 1e9);
    }
    if (probe != null) {
      probe.close();
    }
    List<Long> members = admin == null ? List.of() : admin.memberCounts(audiences);

    Histogram latency = histogram();
    latencies.forEach(latency::add);
    double seconds = Math.max(1, measuredEnd - measureStart) / 1e9;
    long wall = measuredEnd - measureStart;
    double serverCpu = Double.NaN;
    double clientCores = Double.NaN;
    if (cpuStart.isPresent() && cpuEnd.isPresent() && wall > 0) {
      long cpu = cpuEnd.getAsLong() - cpuStart.getAsLong();
      if (settings.inProcess()) {
        cpu -= clientCpu.get();
        clientCores = clientCpu.get() / (double) wall;
      }
      serverCpu = cpu / (double) wall;
    }
    long measured = measuredRows.get();
    return new LoadReport(
        targetName,
        settings.encoding().optionName(),
        settings.keys().optionName(),
        settings.clients(),
        settings.population(),
        audienceCount,
        admin == null ? -1 : members.stream().filter(count -> count > 0).count(),
        members.stream().mapToLong(Long::longValue).min().orElse(-1),
        rows,
        setupSeconds,
        seconds,
        latency.getTotalCount(),
        measured,
        measured / seconds,
        millis(latency, 50),
        millis(latency, 99),
        latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1e3,
        freshness.getTotalCount(),
        millis(freshness, 50),
        millis(freshness, 99),
        matcherRowsPerSecond,
        serverCpu,
        clientCores,
        usage == null ? -1 : usage.residentBytes().orElse(-1),
        usage == null ? -1 : usage.peakResidentBytes().orElse(-1));
  }

  /**
   * A tenth of the population (at most 100,000 people, at least three probe batches: one waits for
   * the seed batches, one for the matcher to drain, one at least measures) for probes.
   */
  static int probeReserve(int population) {
    int rows = FreshnessProbe.BATCH_ROWS;
    return Math.max(3 * rows, Math.min(population / 10, 100_000)) / rows * rows;
  }

  /**
   * Sends one batch of {@link #SEED_ROWS} people to each load audience, from as many connections as
   * the load has clients, then waits until the matcher has applied them all (it applies the log in
   * order, so a probe batch counted after them proves it).
   */
  private void seed(URI base, AdminSetup.Target target, int loadPeople, FreshnessProbe probe) {
    long started = System.nanoTime();
    List<String> audiences = target.loadAudiences();
    int seedRows = Math.min(SEED_ROWS, loadPeople);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> senders = new ArrayList<>();
    for (int c = 0; c < settings.clients(); c++) {
      int first = c;
      senders.add(
          Thread.ofPlatform()
              .name("bench-seed-" + c)
              .start(
                  () -> {
                    try (RawHttpConnection http = new RawHttpConnection(base)) {
                      for (int a = first; a < audiences.size(); a += settings.clients()) {
                        // Each audience its own people, spread over the population.
                        int firstPerson = (int) ((long) a * seedRows % loadPeople);
                        UploadBody body =
                            settings
                                .encoding()
                                .encode(
                                    target.token(),
                                    settings.keys().payload(firstPerson, seedRows, loadPeople));
                        RawHttpConnection.Answer answer =
                            http.send(
                                http.head("/v21.0/" + audiences.get(a) + "/users", body),
                                body.bytes());
                        if (answer.status() / 100 != 2) {
                          throw new IllegalStateException(
                              "seed upload refused: HTTP " + answer.status() + " " + answer.body());
                        }
                      }
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                    }
                  }));
    }
    join(senders);
    if (failure.get() != null) {
      throw new IllegalStateException(
          "seeding the audiences failed: " + failure.get().getMessage(), failure.get());
    }
    if (probe.measure(null) < 0) {
      throw new IllegalStateException("the matcher did not apply the seed batches in time");
    }
    progress.printf(
        "%,d audience(s) seeded with %,d people each and applied in %.1f s%n",
        audiences.size(), seedRows, (System.nanoTime() - started) / 1e9);
  }

  private static UsageLimits unlimited() {
    // The bench measures throughput, not Meta's call budgets.
    return new UsageLimits(
        "bench", 1_000_000_000L, 0, 1_000_000_000L, 1_000_000_000L, Duration.ofHours(500));
  }

  private static Histogram histogram() {
    // Microseconds, up to an hour, three significant digits.
    return new Histogram(TimeUnit.HOURS.toMicros(1), 3);
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0
        ? Double.NaN
        : histogram.getValueAtPercentile(percentile) / 1e3;
  }

  private static void sleepUntil(long nanoTime, AtomicBoolean stop) {
    for (long left = nanoTime - System.nanoTime();
        left > 0 && !stop.get();
        left = nanoTime - System.nanoTime()) {
      LockSupport.parkNanos(Math.min(left, 10_000_000));
    }
  }

  private static void join(List<Thread> threads) {
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private static String runName() {
    return "bench-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static void deleteTree(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; the OS cleans it eventually
    }
  }
}
