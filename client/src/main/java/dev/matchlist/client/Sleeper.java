package dev.matchlist.client;

import java.time.Duration;

/**
 * Waits between retries. The default really sleeps; tests pass one that records the waits and
 * returns at once, so a 15-minute rate-limit wait costs them nothing.
 */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps with {@link Thread#sleep}. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  /** Waits {@code duration}; throws when the thread is interrupted meanwhile. */
  void sleep(Duration duration) throws InterruptedException;
}
