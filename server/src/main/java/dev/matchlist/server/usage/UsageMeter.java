package dev.matchlist.server.usage;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.local.LocalBucket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts calls and handler time per ad account and per app against {@link UsageLimits}, over a
 * rolling hour (token buckets that refill greedily: a spent budget comes back continuously, not at
 * the top of the hour). Thread-safe.
 *
 * <pre>{@code
 * Usage usage = meter.call(appId, adAccountId, activeAudiences);
 * if (!usage.allowed()) { ... answer 80003, usage.minutesToRegainAccess() ... }
 * ... handle ...
 * meter.recordTime(appId, adAccountId, elapsed);
 * }</pre>
 */
public final class UsageMeter {
  private static final Duration WINDOW = Duration.ofHours(1);

  private final UsageLimits limits;
  private final TimeMeter clock;
  private final Map<String, LocalBucket> accountCalls = new ConcurrentHashMap<>();
  private final Map<String, LocalBucket> accountTime = new ConcurrentHashMap<>();
  private final Map<String, LocalBucket> appCalls = new ConcurrentHashMap<>();
  private final Map<String, LocalBucket> appTime = new ConcurrentHashMap<>();

  /**
   * @param clock the time source; tests and the emulator's controllable clock pass their own
   */
  public UsageMeter(UsageLimits limits, TimeMeter clock) {
    this.limits = limits;
    this.clock = clock;
  }

  public UsageMeter(UsageLimits limits) {
    this(limits, TimeMeter.SYSTEM_NANOTIME);
  }

  /**
   * Counts one call by {@code adAccountId} (of {@code appId}) unless its budget is spent.
   *
   * @param activeAudiences the account's custom audiences now: they raise its budget
   */
  public Usage call(String appId, String adAccountId, int activeAudiences) {
    long accountCapacity = limits.accountCalls(activeAudiences);
    LocalBucket calls = accountCalls.computeIfAbsent(adAccountId, id -> bucket(accountCapacity));
    resize(calls, accountCapacity);
    Bucket time = accountTime.computeIfAbsent(adAccountId, id -> timeBucket());
    Bucket app = appCalls.computeIfAbsent(appId, id -> bucket(limits.appCallsPerHour()));

    boolean timeLeft = time.getAvailableTokens() > 0;
    ConsumptionProbe probe = timeLeft ? calls.tryConsumeAndReturnRemaining(1) : null;
    boolean allowed = probe != null && probe.isConsumed();
    if (allowed) {
      app.consumeIgnoringRateLimits(1);
    }
    long waitNanos;
    if (allowed) {
      waitNanos = 0;
    } else if (probe != null) {
      waitNanos = probe.getNanosToWaitForRefill();
    } else {
      waitNanos = nanosUntilPositive(time, timeCapacityMicros());
    }
    return new Usage(
        allowed,
        adAccountId,
        percentUsed(calls, accountCapacity),
        percentUsed(time, timeCapacityMicros()),
        (int) ((waitNanos + 59_999_999_999L) / 60_000_000_000L),
        percentUsed(app, limits.appCallsPerHour()),
        percentUsed(appTime.computeIfAbsent(appId, id -> timeBucket()), timeCapacityMicros()),
        WINDOW.toSeconds(),
        limits.accessTier());
  }

  /** Adds the handling time of a finished call to the account's and the app's time budgets. */
  public void recordTime(String appId, String adAccountId, Duration elapsed) {
    long micros = elapsed.toNanos() / 1_000;
    if (micros <= 0) {
      return; // Bucket4j takes only positive amounts; a sub-microsecond call costs nothing
    }
    accountTime.computeIfAbsent(adAccountId, id -> timeBucket()).consumeIgnoringRateLimits(micros);
    appTime.computeIfAbsent(appId, id -> timeBucket()).consumeIgnoringRateLimits(micros);
  }

  private LocalBucket bucket(long capacity) {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, WINDOW))
        .withCustomTimePrecision(clock)
        .build();
  }

  /** Handler time is counted in microseconds: most calls take well under a millisecond. */
  private LocalBucket timeBucket() {
    return bucket(timeCapacityMicros());
  }

  private long timeCapacityMicros() {
    return limits.handlerTimePerHour().toNanos() / 1_000;
  }

  /** A new audience raises the account's budget: the bucket grows, keeping what was used. */
  private static void resize(LocalBucket bucket, long capacity) {
    if (bucket.getConfiguration().getBandwidths()[0].getCapacity() != capacity) {
      bucket.replaceConfiguration(
          BucketConfiguration.builder()
              .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, WINDOW))
              .build(),
          TokensInheritanceStrategy.ADDITIVE);
    }
  }

  private static int percentUsed(Bucket bucket, long capacity) {
    long used = capacity - bucket.getAvailableTokens();
    return (int) Math.max(0, Math.min(100, used * 100 / capacity));
  }

  /** Time until an overdrawn time bucket is positive again, from its greedy refill rate. */
  private static long nanosUntilPositive(Bucket bucket, long capacity) {
    long deficit = 1 - bucket.getAvailableTokens();
    return deficit <= 0 ? 0 : (long) (deficit * (WINDOW.toNanos() / (double) capacity));
  }
}
