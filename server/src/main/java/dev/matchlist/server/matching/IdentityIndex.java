package dev.matchlist.server.matching;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.locks.StampedLock;

/**
 * The identity index: (kind, 32-byte identifier) → person, memory-resident, with no object per
 * entry.
 *
 * <p>Layout: one open-addressing table (Robin Hood linear probing, backward-shift removal) of
 * {@code capacity} slots of 36 bytes, back to back in one {@code byte[]} read through {@link
 * VarHandle}s: an int of person and kind, then the 64-bit prefix (the identifier's first 8 bytes
 * mixed with its kind, an invertible mix, so it stands for those bytes), then the identifier's
 * other 24 bytes. A probe touches one place and a resident's home slot is one multiplication of its
 * stored prefix (single look-ups measured the same as with two arrays: the CPU had both misses in
 * flight; what pays is {@link #personsOf}, 2.5× the look-ups per thread in groups of 16). Every
 * prefix hit is confirmed against all 32 bytes and the kind, so crafted identifiers that share a
 * prefix never match each other. One array caps a table at {@link #MAX_CAPACITY} slots (about 54 M
 * identifiers). Capacity is not a power of two (home = high half of prefix × capacity), so the
 * table grows by 1.5× and can be presized exactly ({@link #ensureCapacity}).
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
 * Readers read the table through one field, so a resize (which builds a new table under the write
 * lock) is published as a whole. Person ids must be in {@code [0, MAX_PERSON]}.
 */
public final class IdentityIndex implements IdentityLookup {
  /** The largest person id the index can hold (28 bits of person, 4 of kind). */
  public static final int MAX_PERSON = (1 << 27) - 2;

  /** Grow when more than this share of slots is used. */
  static final double MAX_LOAD = 0.92;

  /** Bytes in an identifier. */
  public static final int IDENTIFIER_BYTES = 32;

  private static final int MIN_CAPACITY = 16;

  /** Entries whose home slots {@link #putAll} reads ahead together. */
  private static final int TOUCH_GROUP = 16;

  /** Bytes of one slot: meta int, prefix, and the identifier's last 24 bytes. */
  static final int SLOT_BYTES = 36;

  /** The most slots one table's array can hold (about 54 M identifiers at full load). */
  static final int MAX_CAPACITY = (Integer.MAX_VALUE - 16) / SLOT_BYTES;

  /** The most identifiers one index holds (at {@link #MAX_LOAD} of {@link #MAX_CAPACITY}). */
  public static final long MAX_IDENTIFIERS = (long) (MAX_CAPACITY * MAX_LOAD) - 2;

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
  private volatile Table table;
  private int size;

  public IdentityIndex() {
    this(0);
  }

  /** An index presized for {@code expected} identifiers. */
  public IdentityIndex(long expected) {
    this.table = new Table(capacityFor(expected));
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

  /** Slots allocated (each {@value #SLOT_BYTES} bytes), for memory accounting. */
  public int capacity() {
    return table.capacity;
  }

  @Override
  public int personOf(IdentityKind kind, byte[] identifier, int offset) {
    checkLength(identifier, offset);
    long a = longAt(identifier, offset);
    long b = longAt(identifier, offset + 8);
    long c = longAt(identifier, offset + 16);
    long d = longAt(identifier, offset + 24);
    long stamp = lock.tryOptimisticRead();
    if (stamp != 0) {
      int person = find(table, kind.ordinal(), a, b, c, d);
      if (lock.validate(stamp)) {
        return person;
      }
    }
    stamp = lock.readLock();
    try {
      return find(table, kind.ordinal(), a, b, c, d);
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
      findAll(table, kind.ordinal(), identifiers, count, persons);
      if (lock.validate(stamp)) {
        return;
      }
    }
    stamp = lock.readLock();
    try {
      findAll(table, kind.ordinal(), identifiers, count, persons);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  private static void findAll(Table t, int kind, byte[] identifiers, int count, int[] persons) {
    int capacity = t.capacity;
    byte[] slots = t.slots;
    int touched = 0;
    for (int i = 0; i < count; i++) {
      long prefix = prefix(longAt(identifiers, i * IDENTIFIER_BYTES), kind);
      touched ^= intAt(slots, home(prefix, capacity) * SLOT_BYTES);
    }
    touchedSink = touched; // keeps the loads above from being optimized away
    for (int i = 0; i < count; i++) {
      int at = i * IDENTIFIER_BYTES;
      persons[i] =
          find(
              t,
              kind,
              longAt(identifiers, at),
              longAt(identifiers, at + 8),
              longAt(identifiers, at + 16),
              longAt(identifiers, at + 24));
    }
  }

  /**
   * Maps the identifier to {@code person}, replacing its previous person.
   *
   * @return the previous person, or {@link #NO_PERSON}
   */
  public int put(IdentityKind kind, byte[] identifier, int person) {
    checkLength(identifier, 0);
    checkPerson(person);
    long stamp = lock.writeLock();
    try {
      if (size + 1 > (long) (table.capacity * MAX_LOAD)) {
        grow(table, growthCapacity(table.capacity));
      }
      return putLocked(kind.ordinal(), identifier, 0, person);
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  /**
   * Does {@link #put} for every entry of {@code chunk}, in order, under one write-lock acquisition
   * and with at most one resize (to 1.5× or to what the chunk needs, whichever is larger): readers
   * wait for the whole chunk, so keep chunks to a few thousand entries.
   */
  public void putAll(IdentifierChunk chunk) {
    int count = chunk.size();
    for (int i = 0; i < count; i++) {
      checkPerson(chunk.person(i));
    }
    byte[] identifiers = chunk.identifiers();
    long stamp = lock.writeLock();
    try {
      if (size + (long) count > (long) (table.capacity * MAX_LOAD)) {
        grow(table, Math.max(growthCapacity(table.capacity), capacityFor(size + (long) count)));
      }
      Table t = table;
      for (int group = 0; group < count; group += TOUCH_GROUP) {
        int end = Math.min(count, group + TOUCH_GROUP);
        // Read the group's home slots first: their cache misses overlap (as in findAll).
        int touched = 0;
        for (int i = group; i < end; i++) {
          long prefix = prefix(longAt(identifiers, i * IDENTIFIER_BYTES), chunk.kind(i).ordinal());
          touched ^= intAt(t.slots, home(prefix, t.capacity) * SLOT_BYTES);
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

  /** The body of a put, under the write lock with room for one more identifier. */
  private int putLocked(int kind, byte[] identifier, int offset, int person) {
    long a = longAt(identifier, offset);
    long b = longAt(identifier, offset + 8);
    long c = longAt(identifier, offset + 16);
    long d = longAt(identifier, offset + 24);
    Table t = table;
    int slot = t.slotOf(kind, a, b, c, d);
    if (slot >= 0) {
      int previous = personIn(t.meta(slot));
      t.setMeta(slot, meta(person, kind));
      return previous;
    }
    t.insert(prefix(a, kind), b, c, d, meta(person, kind));
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
    long a = longAt(identifier, 0);
    long b = longAt(identifier, 8);
    long c = longAt(identifier, 16);
    long d = longAt(identifier, 24);
    long stamp = lock.writeLock();
    try {
      Table t = table;
      int slot = t.slotOf(kind.ordinal(), a, b, c, d);
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

  /** Grows the table now so that {@code expected} identifiers fit without another resize. */
  public void ensureCapacity(long expected) {
    long stamp = lock.writeLock();
    try {
      int wanted = capacityFor(Math.max(expected, size));
      if (wanted > table.capacity) {
        grow(table, wanted);
      }
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  /** Removes every identifier and shrinks to {@code expected}'s capacity. */
  public void clear(long expected) {
    long stamp = lock.writeLock();
    try {
      table = new Table(capacityFor(expected));
      size = 0;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  private Table grow(Table from, int capacity) {
    Table to = new Table(capacity);
    byte[] slots = from.slots;
    for (int i = 0; i < from.capacity; i++) {
      int at = i * SLOT_BYTES;
      int m = intAt(slots, at);
      if (m != 0) {
        to.insert(
            slotLong(slots, at + 4),
            slotLong(slots, at + 12),
            slotLong(slots, at + 20),
            slotLong(slots, at + 28),
            m);
      }
    }
    table = to;
    return to;
  }

  /**
   * The person in {@code t} for the identifier, reading without a lock: a concurrent writer may
   * leave the table inconsistent, so the loop is bounded and the caller validates its stamp.
   */
  private static int find(Table t, int kind, long a, long b, long c, long d) {
    int capacity = t.capacity;
    byte[] slots = t.slots;
    long prefix = prefix(a, kind);
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
    long h = firstLong ^ (kind * 0x9E3779B97F4A7C15L);
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
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

  static int capacityFor(long expected) {
    long capacity = (long) Math.ceil(expected / MAX_LOAD) + 1;
    if (capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException("too many identifiers for one index: " + expected);
    }
    return (int) Math.max(MIN_CAPACITY, capacity);
  }

  private static int growthCapacity(int capacity) {
    return (int) Math.min(MAX_CAPACITY, capacity + (long) capacity / 2);
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
   * The slots, back to back in one array: per slot the meta int (0 when empty), then the prefix
   * (which is the identifier's first 8 bytes mixed with its kind, a bijection, so nothing is lost)
   * and the identifier's other 24 bytes. A probe reads one place, and a resident's home slot is one
   * multiplication of its stored prefix.
   */
  private static final class Table {
    final int capacity;
    final byte[] slots;

    Table(int capacity) {
      this.capacity = capacity;
      this.slots = new byte[capacity * SLOT_BYTES];
    }

    int meta(int slot) {
      return intAt(slots, slot * SLOT_BYTES);
    }

    void setMeta(int slot, int m) {
      INTS.set(slots, slot * SLOT_BYTES, m);
    }

    /** The slot holding the identifier, or -1. Called under the write lock. */
    int slotOf(int kind, long a, long b, long c, long d) {
      long prefix = prefix(a, kind);
      int slot = home(prefix, capacity);
      for (int distance = 0; ; distance++) {
        int at = slot * SLOT_BYTES;
        int m = intAt(slots, at);
        if (m == 0) {
          return -1;
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
          return -1;
        }
        slot = slot + 1 == capacity ? 0 : slot + 1;
      }
    }

    /**
     * Inserts an identifier known to be absent, given by its prefix and last 24 bytes, displacing
     * richer residents (Robin Hood).
     */
    void insert(long prefix, long b, long c, long d, int m) {
      int slot = home(prefix, capacity);
      int distance = 0;
      while (true) {
        int at = slot * SLOT_BYTES;
        int resident = intAt(slots, at);
        if (resident == 0) {
          set(at, m, prefix, b, c, d);
          return;
        }
        long residentPrefix = slotLong(slots, at + 4);
        int residentDistance = distance(slot, home(residentPrefix, capacity), capacity);
        if (residentDistance < distance) {
          long rb = slotLong(slots, at + 12);
          long rc = slotLong(slots, at + 20);
          long rd = slotLong(slots, at + 28);
          set(at, m, prefix, b, c, d);
          prefix = residentPrefix;
          b = rb;
          c = rc;
          d = rd;
          m = resident;
          distance = residentDistance;
        }
        slot = slot + 1 == capacity ? 0 : slot + 1;
        distance++;
      }
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
