package dev.matchlist.client;

/**
 * Told about each retry a {@link GraphClient} makes, e.g. to show "rate limited, waiting 3 min".
 */
@FunctionalInterface
public interface RetryListener {
  RetryListener NONE = event -> {};

  /** Called on the calling thread just before the wait; must not block. */
  void onRetry(RetryEvent event);
}
