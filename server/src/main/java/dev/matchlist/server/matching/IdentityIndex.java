package dev.matchlist.server.matching;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.locks.StampedLock;

/**
 * The identity index: (kind, 32-byte identifier) → person, memory-resident, with no object per
 * entry.
 *
 * <p>Layout: open-addressing tables (Robin Hood linear probing, backward-shift removal) of {@code
 * capacity} slots of 36 bytes, back to back in one {@code byte[]} read through {@link VarHandle}s:
 * an int of person and kind, then the 64-bit prefix (the identifier's first 8 bytes mixed with its
 * kind, an invertible mix, so it stands for those bytes), then the identifier's other 24 bytes. A
 * probe touches one place and a resident's home slot is one multiplication of its stored prefix
 * (single look-ups measured the same as with two arrays: the CPU had both misses in flight; what
 * pays is {@link #personsOf}, 2.5× the look-ups per thread in groups of 16). Every prefix hit is
 * confirmed against all 32 bytes and the kind, so crafted identifiers that share a prefix never
 * match each other. Capacity is not a power of two (home = high half of prefix × capacity), so a
 * table grows by 1.5× and can be presized exactly ({@link #ensureCapacity}).
 *
 * <p>Shards: one array holds at most ~59 M slots, so a large index is a power-of-two number of such
 * tables, each of at most {@link #SHARD_CAPACITY} slots, the shard chosen by the prefix's low bits
 * (which the home slot, taken from its high half, does not use). Up to ~15 M identifiers it is one
 * table, exactly as large as needed; past that each shard is sized for an even share plus the
 * spread of a random split (0.2 % at 70 M identifiers in 8 shards). A shard that outgrows its share
 * grows alone; one that would pass {@link #SHARD_CAPACITY} splits the index into twice the shards.
 * A look-up costs one more load, of the small shard array, which stays in cache.
 *
 * <p>Why open addressing: measured at 10 M identifiers presized, this table holds 39.2 bytes per
 * identifier (36 / load 0.92; 55.6 when grown from empty, load 0.65 after the last 1.5× resize); a
 * {@code HashMap<Key, Integer>} with a 32-byte key object costs about 150 (node 32 + key 24 + array
 * 48 + boxed int 16 + table slot) and chases four pointers per look-up. Robin Hood keeps probe
 * lengths short at load 0.92 and ends a miss early (JMH, 10 M, shared 2-core machine: 1.6 M hits/s
 * and 2.1 M misses/s per thread).
 *
 * <p>Concurrency: any number of readers, one writer at a time. Writers take the write lock of a
 * {@link StampedLock}; readers read optimistically (no lock, no write to shared memory) and retry
 * under the read lock when a write happened meanwhile, so a reader never sees a half-moved entry.
 * Readers read the shards through one field, so a resize (which builds new tables under the write
 * lock, then a new shard array) is published as a whole. Person ids must be in {@code [0,
 * MAX_PERSON]}.
 */
public final class IdentityIndex implements IdentityLookup {
  /** The largest person id the index can hold (28 bits of person, 4 of kind). */
  public static final int MAX_PERSON = (1 << 27) - 2;

  /** Grow when more than this share of a shard's slots is used. */
  static final double MAX_LOAD = 0.92;

  /** Bytes in an identifier. */
  public static final int IDENTIFIER_BYTES = 32;

  private static final int MIN_CAPACITY = 16;

  /** Entries whose home slots {@link #putAll} reads ahead together. */
  private static final int TOUCH_GROUP = 16;

  /** Bytes of one slot: meta int, prefix, and the identifier's last 24 bytes. */
  static final int SLOT_BYTES = 36;

  /**
   * The most slots one shard's table has (604 MB): up to ~15 M identifiers an index is one table,
   * past that 2, 4, 8… of them, and a resize rebuilds one shard, not the whole index.
   */
  static final int SHARD_CAPACITY = 1 << 24;

  /** The most slots of all shards together (36 GiB), so that {@link #capacity} is an int. */
  static final int MAX_TOTAL_CAPACITY = 1 << 30;

  /**
   * The most identifiers one index holds: nearly {@link #MAX_LOAD} of {@link #MAX_TOTAL_CAPACITY}
   * (about 978 M; the 1 % left covers the spread of identifiers over shards).
   */
  public static final long MAX_IDENTIFIERS = (long) (MAX_TOTAL_CAPACITY * MAX_LOAD * 0.99);

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  // The slots in the machine's order: no byte swap on a probe. Unaligned plain access is allowed.
  private static final VarHandle SLOT_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());

  // Written by findAll so that its touching loads have a use; never read.
  @SuppressWarnings("unused")
  private static int touchedSink;

  private final StampedLock lock = new StampedLock();
  private final int shardCapacity;
  // Replaced as a whole (copy on write) whenever a shard is: a reader reads it once per attempt.
  private volatile Table[] shards;
  private int size;

  public IdentityIndex() {
    this(0);
  }

  /** An index presized for {@code expected} identifiers. */
  public IdentityIndex(long expected) {
    this(expected, SHARD_CAPACITY);
  }

  /** An index whose shards have at most {@code shardCapacity} slots (small ones in tests). */
  IdentityIndex(long expected, int shardCapacity) {
    if (shardCapacity < 4 * MIN_CAPACITY) {
      throw new IllegalArgumentException("shard capacity too small: " + shardCapacity);
    }
    this.shardCapacity = shardCapacity;
    this.shards = emptyShards(expected);
  }

  /** Identifiers held. */
  public int size() {
    long stamp = lock.readLock();
    try {
      return size;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  /** Slots allocated in all shards (each {@value #SLOT_BYTES} bytes), for memory accounting. */
  public int capacity() {
    int capacity = 0;
    for (Table t : shards) {
      capacity += t.capacity;
    }
    return capacity;
  }

  /** Shards the identifiers are spread over. */
  int shardCount() {
    return shards.length;
  }

  @Override
  public int personOf(IdentityKind kind, byte[] identifier, int offset) {
    checkLength(identifier, offset);
    long prefix = prefix(longAt(identifier, offset), kind.ordinal());
    long b = longAt(identifier, offset + 8);
    long c = longAt(identifier, offset + 16);
    long d = longAt(identifier, offset + 24);
    long stamp = lock.tryOptimisticRead();
    if (stamp != 0) {
      int person = find(shardOf(shards, prefix), kind.ordinal(), prefix, b, c, d);
      if (lock.validate(stamp)) {
        return person;
      }
    }
    stamp = lock.readLock();
    try {
      return find(shardOf(shards, prefix), kind.ordinal(), prefix, b, c, d);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: first reads the home slot of every identifier (independent loads, so the CPU has their
   * cache misses in flight together), then probes each; groups of 8–16 suit the CPU's miss buffers.
   */
  @Override
  public void personsOf(IdentityKind kind, byte[] identifiers, int count, int[] persons) {
    if (count < 0 || count > persons.length || identifiers.length < count * IDENTIFIER_BYTES) {
      throw new IllegalArgumentException(
          count
              + " identifiers do not fit arrays of "
              + identifiers.length
              + " and "
              + persons.length);
    }
    long stamp = lock.tryOptimisticRead();
    if (stamp != 0) {
      findAll(shards, kind.ordinal(), identifiers, count, persons);
      if (lock.validate(stamp)) {
        return;
      }
    }
    stamp = lock.readLock();
    try {
      findAll(shards, kind.ordinal(), identifiers, count, persons);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  private static void findAll(
      Table[] shards, int kind, byte[] identifiers, int count, int[] persons) {
    int touched = 0;
    for (int i = 0; i < count; i++) {
      touched ^= touchHome(shards, prefix(longAt(identifiers, i * IDENTIFIER_BYTES), kind));
    }
    touchedSink = touched; // keeps the loads above from being optimized away
    for (int i = 0; i < count; i++) {
      int at = i * IDENTIFIER_BYTES;
      long prefix = prefix(longAt(identifiers, at), kind);
      persons[i] =
          find(
              shardOf(shards, prefix),
              kind,
              prefix,
              longAt(identifiers, at + 8),
              longAt(identifiers, at + 16),
              longAt(identifiers, at + 24));
    }
  }

  /** Reads the meta int of the prefix's home slot, to start its cache miss early. */
  private static int touchHome(Table[] shards, long prefix) {
    Table t = shardOf(shards, prefix);
    return intAt(t.slots, home(prefix, t.capacity) * SLOT_BYTES);
  }

  /**
   * Maps the identifier to {@code person}, replacing its previous person.
   *
   * @return the previous person, or {@link #NO_PERSON}
   */
  public int put(IdentityKind kind, byte[] identifier, int person) {
    checkLength(identifier, 0);
    checkPerson(person);
    long prefix = prefix(longAt(identifier, 0), kind.ordinal());
    long stamp = lock.writeLock();
    try {
      while (!makeRoom(shardNumber(prefix, shards.length), 1)) {
        // the index was split into more shards: the identifier's shard changed, look again
      }
      return putLocked(kind.ordinal(), identifier, 0, person);
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  /**
   * Does {@link #put} for every entry of {@code chunk}, in order, under one write-lock acquisition
   * and with at most one resize per shard (to 1.5× or to what the chunk needs, whichever is
   * larger): readers wait for the whole chunk, so keep chunks to a few thousand entries.
   */
  public void putAll(IdentifierChunk chunk) {
    int count = chunk.size();
    for (int i = 0; i < count; i++) {
      checkPerson(chunk.person(i));
    }
    byte[] identifiers = chunk.identifiers();
    long stamp = lock.writeLock();
    try {
      while (!makeRoom(chunk)) {
        // the index was split into more shards: count the chunk's share of each again
      }
      Table[] current = shards;
      for (int group = 0; group < count; group += TOUCH_GROUP) {
        int end = Math.min(count, group + TOUCH_GROUP);
        // Read the group's home slots first: their cache misses overlap (as in findAll).
        int touched = 0;
        for (int i = group; i < end; i++) {
          touched ^=
              touchHome(
                  current,
                  prefix(longAt(identifiers, i * IDENTIFIER_BYTES), chunk.kind(i).ordinal()));
        }
        touchedSink = touched;
        for (int i = group; i < end; i++) {
          putLocked(chunk.kind(i).ordinal(), identifiers, i * IDENTIFIER_BYTES, chunk.person(i));
        }
      }
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  /** {@link #makeRoom(int, long)} in every shard for the chunk's identifiers there. */
  private boolean makeRoom(IdentifierChunk chunk) {
    Table[] current = shards;
    int[] incoming = new int[current.length];
    byte[] identifiers = chunk.identifiers();
    for (int i = 0; i < chunk.size(); i++) {
      long prefix = prefix(longAt(identifiers, i * IDENTIFIER_BYTES), chunk.kind(i).ordinal());
      incoming[shardNumber(prefix, current.length)]++;
    }
    for (int s = 0; s < current.length; s++) {
      if (!makeRoom(s, incoming[s])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Makes room in shard {@code s} for {@code incoming} more identifiers, growing it to 1.5× or to
   * what it needs, whichever is larger. When that passes the shard capacity, splits the index into
   * twice the shards instead and returns false: shard numbers have changed, so the caller counts
   * again. Under the write lock.
   */
  private boolean makeRoom(int s, long incoming) {
    Table t = shards[s];
    if (t.size + incoming <= t.maxSize()) {
      return true;
    }
    long wanted = Math.max(t.capacity + t.capacity / 2L, capacityFor(t.size + incoming));
    if (wanted <= shardCapacity) {
      growShard(s, (int) wanted);
      return true;
    }
    long total = capacity();
    reshard(2 * shards.length, Math.max((long) (1.5 * total * MAX_LOAD), size + incoming));
    return false;
  }

  /** The body of a put, under the write lock with room for one more identifier in its shard. */
  private int putLocked(int kind, byte[] identifier, int offset, int person) {
    long prefix = prefix(longAt(identifier, offset), kind);
    long b = longAt(identifier, offset + 8);
    long c = longAt(identifier, offset + 16);
    long d = longAt(identifier, offset + 24);
    Table t = shardOf(shards, prefix);
    int slot = t.slotOf(kind, prefix, b, c, d);
    if (slot >= 0) {
      int previous = personIn(t.meta(slot));
      t.setMeta(slot, meta(person, kind));
      return previous;
    }
    t.insertAt(-slot - 1, prefix, b, c, d, meta(person, kind));
    size++;
    return NO_PERSON;
  }

  private static void checkPerson(int person) {
    if (person < 0 || person > MAX_PERSON) {
      throw new IllegalArgumentException("person id out of range: " + person);
    }
  }

  /**
   * Unmaps the identifier if it maps to {@code person} (another person may have taken it since).
   *
   * @return whether it was removed
   */
  public boolean remove(IdentityKind kind, byte[] identifier, int person) {
    return removeMatching(kind, identifier, person) != NO_PERSON;
  }

  /**
   * Unmaps the identifier, whoever has it.
   *
   * @return the person it mapped to, or {@link #NO_PERSON}
   */
  public int remove(IdentityKind kind, byte[] identifier) {
    return removeMatching(kind, identifier, NO_PERSON);
  }

  private int removeMatching(IdentityKind kind, byte[] identifier, int onlyPerson) {
    checkLength(identifier, 0);
    long prefix = prefix(longAt(identifier, 0), kind.ordinal());
    long b = longAt(identifier, 8);
    long c = longAt(identifier, 16);
    long d = longAt(identifier, 24);
    long stamp = lock.writeLock();
    try {
      Table t = shardOf(shards, prefix);
      int slot = t.slotOf(kind.ordinal(), prefix, b, c, d);
      if (slot < 0) {
        return NO_PERSON;
      }
      int person = personIn(t.meta(slot));
      if (onlyPerson != NO_PERSON && person != onlyPerson) {
        return NO_PERSON;
      }
      t.removeAt(slot);
      size--;
      return person;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  /**
   * Grows the index now so that {@code expected} identifiers fit without another resize: one shard
   * of exactly the capacity they need while that fits a shard, else enough shards for an even share
   * each plus the spread of a random split.
   */
  public void ensureCapacity(long expected) {
    long stamp = lock.writeLock();
    try {
      long target = Math.max(expected, size);
      int count = shardCountFor(target, shardCapacity);
      if (count > shards.length) {
        reshard(count, target);
        return;
      }
      long wanted = capacityFor(shareOf(target, shards.length));
      for (int s = 0; s < shards.length; s++) {
        if (wanted > shards[s].capacity) {
          growShard(s, (int) wanted);
        }
      }
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  /** Rebuilds shard {@code s} at {@code capacity} slots; publishes a new shard array. */
  private void growShard(int s, int capacity) {
    Table[] grown = {new Table(capacity)};
    shards[s].moveAllInto(grown);
    Table[] next = shards.clone();
    next[s] = grown[0];
    shards = next;
  }

  /** Removes every identifier and shrinks to {@code expected}'s capacity. */
  public void clear(long expected) {
    long stamp = lock.writeLock();
    try {
      shards = emptyShards(expected);
      size = 0;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  private Table[] emptyShards(long expected) {
    int count = shardCountFor(expected, shardCapacity);
    int capacity = (int) capacityFor(shareOf(expected, count));
    Table[] empty = new Table[count];
    for (int s = 0; s < count; s++) {
      empty[s] = new Table(capacity);
    }
    return empty;
  }

  /**
   * Rebuilds the index over at least {@code count} shards (a power of two), each sized for its
   * share of {@code expected} or for what it receives, whichever is more; doubles the count while a
   * shard would not fit (identifiers crafted into one shard split it further). Under the write
   * lock; published as one new array, so readers see the old shards or the new ones.
   */
  private void reshard(int count, long expected) {
    Table[] from = shards;
    while (true) {
      checkShardCount(count, expected, shardCapacity);
      int[] received = new int[count];
      for (Table t : from) {
        t.countInto(received);
      }
      long share = shareOf(expected, count);
      long largest = 0;
      for (int r : received) {
        largest = Math.max(largest, capacityFor(Math.max(share, r)));
      }
      if (largest <= shardCapacity) {
        Table[] to = new Table[count];
        for (int s = 0; s < count; s++) {
          to[s] = new Table((int) capacityFor(Math.max(share, received[s])));
        }
        for (Table t : from) {
          t.moveAllInto(to);
        }
        shards = to;
        return;
      }
      count *= 2;
    }
  }

  /** The fewest shards (a power of two) whose share of {@code expected} fits one shard each. */
  static int shardCountFor(long expected, int shardCapacity) {
    int count = 1;
    while (capacityFor(shareOf(expected, count)) > shardCapacity) {
      count *= 2;
      checkShardCount(count, expected, shardCapacity);
    }
    return count;
  }

  private static void checkShardCount(int count, long expected, int shardCapacity) {
    if ((long) count * shardCapacity > MAX_TOTAL_CAPACITY) {
      throw new IllegalArgumentException("too many identifiers for one index: " + expected);
    }
  }

  /**
   * The identifiers to size one of {@code count} shards for: all of them for one shard; else an
   * even share plus six standard deviations of a random split (+16 for small shares), so that a
   * presized shard overflows with a chance of about 1 in 10^9.
   */
  static long shareOf(long expected, int count) {
    if (count == 1) {
      return expected;
    }
    double even = expected / (double) count;
    return (long) Math.ceil(even + 6 * Math.sqrt(even) + 16);
  }

  /**
   * The shard of a prefix: its low bits, which the home slot (its high half × capacity) ignores.
   */
  private static int shardNumber(long prefix, int count) {
    return (int) prefix & (count - 1);
  }

  private static Table shardOf(Table[] shards, long prefix) {
    return shards[shardNumber(prefix, shards.length)];
  }

  /**
   * The person in {@code t} for the identifier, reading without a lock: a concurrent writer may
   * leave the table inconsistent, so the loop is bounded and the caller validates its stamp.
   */
  private static int find(Table t, int kind, long prefix, long b, long c, long d) {
    int capacity = t.capacity;
    byte[] slots = t.slots;
    int slot = home(prefix, capacity);
    for (int distance = 0; distance < capacity; distance++) {
      int at = slot * SLOT_BYTES;
      int m = intAt(slots, at);
      if (m == 0) {
        return NO_PERSON;
      }
      long residentPrefix = slotLong(slots, at + 4);
      if (residentPrefix == prefix
          && (m & 0xF) == kind
          && slotLong(slots, at + 12) == b
          && slotLong(slots, at + 20) == c
          && slotLong(slots, at + 28) == d) {
        return personIn(m);
      }
      if (distance(slot, home(residentPrefix, capacity), capacity) < distance) {
        return NO_PERSON; // Robin Hood: our key would have displaced this one
      }
      slot = slot + 1 == capacity ? 0 : slot + 1;
    }
    return NO_PERSON;
  }

  /** A 64-bit prefix of (kind, identifier), mixed so that crafted inputs spread (murmur3 fmix). */
  static long prefix(long firstLong, int kind) {
    return Murmur3Mix.mix(firstLong ^ (kind * 0x9E3779B97F4A7C15L));
  }

  private static int home(long prefix, int capacity) {
    return (int) Math.unsignedMultiplyHigh(prefix, capacity);
  }

  private static int distance(int slot, int home, int capacity) {
    int d = slot - home;
    return d < 0 ? d + capacity : d;
  }

  /** Slot metadata: 0 when empty, else person + 1 in the high 28 bits and the kind in the low 4. */
  private static int meta(int person, int kind) {
    return ((person + 1) << 4) | kind;
  }

  private static int personIn(int meta) {
    return (meta >>> 4) - 1;
  }

  /** The slots that hold {@code expected} identifiers at {@link #MAX_LOAD}. */
  static long capacityFor(long expected) {
    return Math.max(MIN_CAPACITY, (long) Math.ceil(expected / MAX_LOAD) + 1);
  }

  private static void checkLength(byte[] identifier, int offset) {
    if (offset < 0 || identifier.length - offset < IDENTIFIER_BYTES) {
      throw new IllegalArgumentException(
          "an identifier is 32 bytes; got " + (identifier.length - offset) + " at " + offset);
    }
  }

  /** A big-endian long of an identifier. */
  static long longAt(byte[] bytes, int offset) {
    return (long) LONGS.get(bytes, offset);
  }

  private static long slotLong(byte[] slots, int at) {
    return (long) SLOT_LONGS.get(slots, at);
  }

  private static int intAt(byte[] slots, int at) {
    return (int) INTS.get(slots, at);
  }

  /**
   * One shard: its slots, back to back in one array: per slot the meta int (0 when empty), then the
   * prefix (which is the identifier's first 8 bytes mixed with its kind, a bijection, so nothing is
   * lost) and the identifier's other 24 bytes. A probe reads one place, and a resident's home slot
   * is one multiplication of its stored prefix.
   */
  private static final class Table {
    final int capacity;
    final byte[] slots;
    // Identifiers held; written and read under the write lock only.
    int size;

    Table(int capacity) {
      this.capacity = capacity;
      this.slots = new byte[capacity * SLOT_BYTES];
    }

    /** Identifiers this shard holds before it must grow. */
    long maxSize() {
      return (long) (capacity * MAX_LOAD);
    }

    int meta(int slot) {
      return intAt(slots, slot * SLOT_BYTES);
    }

    void setMeta(int slot, int m) {
      INTS.set(slots, slot * SLOT_BYTES, m);
    }

    /**
     * The slot holding the identifier, or, when it is absent, {@code -(slot + 1)} for the slot it
     * goes to ({@link #insertAt}). Called under the write lock.
     */
    int slotOf(int kind, long prefix, long b, long c, long d) {
      int slot = home(prefix, capacity);
      for (int distance = 0; ; distance++) {
        int at = slot * SLOT_BYTES;
        int m = intAt(slots, at);
        if (m == 0) {
          return -slot - 1;
        }
        long residentPrefix = slotLong(slots, at + 4);
        if (residentPrefix == prefix
            && (m & 0xF) == kind
            && slotLong(slots, at + 12) == b
            && slotLong(slots, at + 20) == c
            && slotLong(slots, at + 28) == d) {
          return slot;
        }
        if (distance(slot, home(residentPrefix, capacity), capacity) < distance) {
          return -slot - 1;
        }
        slot = slot + 1 == capacity ? 0 : slot + 1;
      }
    }

    /** Inserts an identifier known to be absent, given by its prefix and last 24 bytes. */
    void insert(long prefix, long b, long c, long d, int m) {
      int slot = home(prefix, capacity);
      for (int distance = 0; ; distance++) {
        int at = slot * SLOT_BYTES;
        if (intAt(slots, at) == 0
            || distance(slot, home(slotLong(slots, at + 4), capacity), capacity) < distance) {
          insertAt(slot, prefix, b, c, d, m);
          return;
        }
        slot = slot + 1 == capacity ? 0 : slot + 1;
      }
    }

    /**
     * Puts an absent identifier at {@code slot}, the first from its home whose resident is richer
     * (closer to its own home) or none: the residents from there to the next empty slot move one
     * slot on, in one copy. That keeps each run of residents in the order of their homes, as Robin
     * Hood's swaps would (they differ only among residents of the same home), and moves the bytes
     * at memory speed instead of slot by slot.
     */
    void insertAt(int slot, long prefix, long b, long c, long d, int m) {
      int empty = slot;
      while (intAt(slots, empty * SLOT_BYTES) != 0) {
        empty = empty + 1 == capacity ? 0 : empty + 1;
      }
      if (empty >= slot) {
        System.arraycopy(
            slots, slot * SLOT_BYTES, slots, (slot + 1) * SLOT_BYTES, (empty - slot) * SLOT_BYTES);
      } else { // the run wraps around the end
        System.arraycopy(slots, 0, slots, SLOT_BYTES, empty * SLOT_BYTES);
        System.arraycopy(slots, (capacity - 1) * SLOT_BYTES, slots, 0, SLOT_BYTES);
        System.arraycopy(
            slots,
            slot * SLOT_BYTES,
            slots,
            (slot + 1) * SLOT_BYTES,
            (capacity - 1 - slot) * SLOT_BYTES);
      }
      set(slot * SLOT_BYTES, m, prefix, b, c, d);
      size++;
    }

    /** Empties {@code slot} and shifts the following displaced entries back one slot. */
    void removeAt(int slot) {
      int next = slot + 1 == capacity ? 0 : slot + 1;
      while (true) {
        int at = next * SLOT_BYTES;
        int m = intAt(slots, at);
        if (m == 0 || distance(next, home(slotLong(slots, at + 4), capacity), capacity) == 0) {
          break;
        }
        System.arraycopy(slots, at, slots, slot * SLOT_BYTES, SLOT_BYTES);
        slot = next;
        next = next + 1 == capacity ? 0 : next + 1;
      }
      set(slot * SLOT_BYTES, 0, 0, 0, 0, 0);
      size--;
    }

    /** Inserts every identifier held here into its shard of {@code to}. */
    void moveAllInto(Table[] to) {
      for (int at = 0; at < slots.length; at += SLOT_BYTES) {
        int m = intAt(slots, at);
        if (m != 0) {
          long prefix = slotLong(slots, at + 4);
          shardOf(to, prefix)
              .insert(
                  prefix,
                  slotLong(slots, at + 12),
                  slotLong(slots, at + 20),
                  slotLong(slots, at + 28),
                  m);
        }
      }
    }

    /**
     * Adds to {@code received[s]} how many identifiers held here shard {@code s} of as many gets.
     */
    void countInto(int[] received) {
      for (int at = 0; at < slots.length; at += SLOT_BYTES) {
        if (intAt(slots, at) != 0) {
          received[shardNumber(slotLong(slots, at + 4), received.length)]++;
        }
      }
    }

    private void set(int at, int m, long prefix, long b, long c, long d) {
      INTS.set(slots, at, m);
      SLOT_LONGS.set(slots, at + 4, prefix);
      SLOT_LONGS.set(slots, at + 12, b);
      SLOT_LONGS.set(slots, at + 20, c);
      SLOT_LONGS.set(slots, at + 28, d);
    }
  }
}
