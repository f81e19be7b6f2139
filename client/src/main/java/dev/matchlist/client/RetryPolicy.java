package dev.matchlist.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link GraphClient} retries a failed call; see {@link RetryClass} for which failures retry.
 *
 * <p>Backoff before retry {@code n} (1-based) is {@code initialBackoff × 2^(n-1)}, capped at {@code
 * maxBackoff}, then shortened by a random fraction of up to {@code jitter} so that many clients hit
 * by the same outage do not come back in step. A rate-limit answer that names its {@code
 * estimated_time_to_regain_access} is waited out exactly (no jitter), unless it is longer than
 * {@code maxWait}: then the call fails at once with that wait in its message.
 *
 * @param maxAttempts attempts per call, the first one included; 1 means never retry
 * @param initialBackoff the first backoff
 * @param maxBackoff the cap on any one backoff
 * @param maxWait the longest rate-limit wait accepted from the server
 * @param jitter fraction in [0, 1] by which a backoff may be randomly shortened
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration maxWait,
    double jitter) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxWait, "maxWait");
    if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxWait.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must be at least initialBackoff");
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1], was " + jitter);
    }
  }

  /** A policy with the default jitter of 0.2. */
  public RetryPolicy(
      int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxWait) {
    this(maxAttempts, initialBackoff, maxBackoff, maxWait, 0.2);
  }

  /**
   * 8 attempts, backoff from 1 s doubling up to 60 s, rate-limit waits up to 60 minutes (Meta's
   * budget is a rolling hour), jitter 0.2.
   */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        8, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(60));
  }

  /** One attempt: every failure is thrown at once. */
  public static RetryPolicy never() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
  }

  /** This policy with {@code maxAttempts} attempts. */
  public RetryPolicy withMaxAttempts(int attempts) {
    return new RetryPolicy(attempts, initialBackoff, maxBackoff, maxWait, jitter);
  }

  /** This policy with no jitter: backoffs are exact, as tests want them. */
  public RetryPolicy withoutJitter() {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxWait, 0);
  }

  /** The backoff before retry {@code retry} (1-based), before jitter: exponential and capped. */
  public Duration backoff(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry is 1-based, was " + retry);
    }
    Duration wait = initialBackoff;
    for (int i = 1; i < retry && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
