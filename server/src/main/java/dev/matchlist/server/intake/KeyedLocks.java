package dev.matchlist.server.intake;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks shared by keys through their hash (lock striping): two requests for the same
 * key always take the same lock, two for different keys rarely wait for each other, and memory
 * stays constant however many sessions come and go. Fair locks, so a busy session's batches are
 * served in arrival order.
 */
final class KeyedLocks {
  private final ReentrantLock[] stripes;

  KeyedLocks(int stripes) {
    this.stripes = new ReentrantLock[stripes];
    for (int i = 0; i < stripes; i++) {
      this.stripes[i] = new ReentrantLock(true);
    }
  }

  /** The lock of {@code key}, not yet taken. */
  ReentrantLock of(String key) {
    return stripes[Math.floorMod(key.hashCode() * 0x9E3779B9, stripes.length)];
  }
}
