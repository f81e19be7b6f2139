package dev.matchlist.server.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Which user ids the identity base may hold: Bloom filters over every user id it has stored or
 * staged, so that a load asks the store only for the users it may know. In a bulk load nearly every
 * user is new, and the store's own "not there" probes a filter in each memtable and in each level's
 * files: 13 of the server's 88 CPU-seconds in a 50 M-identifier load (BENCHMARKS.md).
 *
 * <p>A false positive (1.1 % of absent users) or a deleted user only costs a look-up in the store,
 * which has the last word. A user is added when it is staged, before any read that could need it,
 * and is never removed. {@value #BITS_PER_USER} bits per user: 1.25 bytes.
 *
 * <p>Blocked: a user's {@value #BITS_SET} bits lie in one 512-bit block (a cache line), so a
 * look-up or an addition is one cache miss. Guava's {@code BloomFilter} spreads them over the whole
 * array: at 25 M users (JDK 25, huge pages) it took 290 ns to add one and 214 ns to answer
 * "absent", against 82 and 50-79 ns here, at 1.08 % false positives against 1 %. That difference
 * was most of what the filter saves, so it is written here.
 *
 * <p>A Bloom filter cannot grow: one sized for the users at open takes new ones until it is full,
 * then a new one takes as many as all before it (doublings), or as many as a load says it will
 * bring ({@link #reserve}), so that a bulk load fills one filter of its size. A look-up asks each.
 *
 * <p>Thread-safe: additions and reservations take this object's lock; {@link #mightContain} takes
 * none. It sees every addition made before the caller last took a lock that the adding thread
 * released afterwards (the identity base's), which is what {@link IdentityBase#readStored} needs.
 */
final class UserIdFilter {
  static final int BITS_PER_USER = 10;

  /** The smallest filter made: 1.3 MB. */
  static final long MIN_USERS = 1 << 20;

  private static final int BITS_SET = 6;
  private static final int BLOCK_LONGS = 8;
  private static final int BLOCK_BITS = 64 * BLOCK_LONGS;

  /**
   * Longs before the first block, so that blocks start at a cache line: a filter is a humongous
   * array, which starts at a region of the heap, and its longs 16 bytes after that (the JVM's array
   * header). Elsewhere a block spans two cache lines, which is only slower.
   */
  static final int LEAD_LONGS = 6;

  /** Users whose blocks {@link #mayHold} loads together before it tests them. */
  private static final int TOUCH_GROUP = 16;

  // Written by mayHold so that its touching loads have a use; never read.
  @SuppressWarnings("unused")
  private static long touchedSink;

  // Replaced as a whole when a filter is added, so that a reader never sees the array change.
  private volatile long[][] filters = new long[0][];

  // Guarded by this: users the newest filter takes before it passes its false-positive rate, and
  // the capacity of all filters together.
  private long room;
  private long capacity;

  /** Filters with room for {@code users} and half again. */
  UserIdFilter(long users) {
    grow(Math.max(MIN_USERS, users + users / 2));
  }

  /** Whether {@code userId} may have been added: false means it never was. */
  boolean mightContain(String userId) {
    return holdsAny(filters, hash(userId));
  }

  private static boolean holdsAny(long[][] filters, long hash) {
    for (long[] filter : filters) {
      if (holds(filter, hash)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The ids of {@code userIds} that may have been added, in order. The blocks of {@value
   * #TOUCH_GROUP} users are loaded before any is tested: their cache misses overlap, where a test's
   * early "absent" would wait for each in turn (at 25 M users 41-44 ns a user instead of 94-97).
   */
  List<String> mayHold(Collection<String> userIds) {
    long[][] current = filters;
    String[] ids = userIds.toArray(String[]::new);
    long[] hashes = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      hashes[i] = hash(ids[i]);
    }
    List<String> maybe = new ArrayList<>();
    long touched = 0;
    for (int group = 0; group < ids.length; group += TOUCH_GROUP) {
      int end = Math.min(ids.length, group + TOUCH_GROUP);
      for (long[] filter : current) {
        for (int i = group; i < end; i++) {
          touched += filter[blockOf(filter, hashes[i])];
        }
      }
      for (int i = group; i < end; i++) {
        if (holdsAny(current, hashes[i])) {
          maybe.add(ids[i]);
        }
      }
    }
    touchedSink = touched; // keeps the loads above from being optimized away
    return maybe;
  }

  /** Adds {@code userIds}, each a user id the base now holds or is about to. */
  synchronized void addAll(Collection<String> userIds) {
    for (String userId : userIds) {
      if (room == 0) {
        grow(Math.max(MIN_USERS, capacity));
      }
      long[][] current = filters;
      set(current[current.length - 1], hash(userId));
      room--;
    }
  }

  /** Makes room for {@code users} more in one filter, if the newest has less. */
  synchronized void reserve(long users) {
    if (users > room) {
      grow(Math.max(MIN_USERS, users));
    }
  }

  /** Bytes the filters take. */
  synchronized long bytes() {
    return Arrays.stream(filters).mapToLong(filter -> 8L * filter.length).sum();
  }

  private void grow(long users) {
    long blocks = Math.ceilDiv(users * BITS_PER_USER, BLOCK_BITS);
    if (LEAD_LONGS + blocks * BLOCK_LONGS > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many users for one filter: " + users);
    }
    long[][] grown = Arrays.copyOf(filters, filters.length + 1);
    grown[filters.length] = new long[LEAD_LONGS + (int) blocks * BLOCK_LONGS];
    filters = grown;
    room = users;
    capacity += users;
  }

  private static void set(long[] filter, long hash) {
    int block = blockOf(filter, hash);
    long bits = Murmur3Mix.mix(hash);
    for (int i = 0; i < BITS_SET; i++) {
      int bit = bitOf(bits, i);
      filter[block + (bit >>> 6)] |= 1L << bit;
    }
  }

  private static boolean holds(long[] filter, long hash) {
    int block = blockOf(filter, hash);
    long bits = Murmur3Mix.mix(hash);
    for (int i = 0; i < BITS_SET; i++) {
      int bit = bitOf(bits, i);
      if ((filter[block + (bit >>> 6)] & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  /** The first long of the hash's block: the hash's high half scaled to the block count. */
  private static int blockOf(long[] filter, long hash) {
    long blocks = (filter.length - LEAD_LONGS) / BLOCK_LONGS;
    return LEAD_LONGS + (int) Math.unsignedMultiplyHigh(hash, blocks) * BLOCK_LONGS;
  }

  /**
   * The {@code i}-th bit in the block: 9 bits each of {@code bits}, the hash mixed again, so that
   * they do not repeat the high bits that chose the block.
   */
  private static int bitOf(long bits, int i) {
    return (int) (bits >>> (9 * i)) & (BLOCK_BITS - 1);
  }

  /**
   * A 64-bit hash of the id's chars: a multiply per char, then murmur3's finalizer, so that ids
   * that differ in one char spread over every bit.
   */
  static long hash(String userId) {
    long h = userId.length();
    for (int i = 0; i < userId.length(); i++) {
      h = (h + userId.charAt(i)) * 0x9E3779B97F4A7C15L;
    }
    return Murmur3Mix.mix(h);
  }
}
