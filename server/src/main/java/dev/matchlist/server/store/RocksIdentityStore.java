package dev.matchlist.server.store;

import dev.matchlist.server.matching.IdentifierChunk;
import dev.matchlist.server.matching.IdentityLookup;
import dev.matchlist.server.matching.IdentityRecord;
import dev.matchlist.server.matching.IdentityRecordStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.MutableColumnFamilyOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * {@link IdentityRecordStore} in the store's {@code identities} and {@code identity-users} column
 * families. Hashes only: no raw personal data is ever written here.
 *
 * <p>Keys (layout 4): in {@code identities}, {@code r<person, 4 bytes big-endian>} → the record
 * ({@link IdentityRecordCodec}: user id and identifiers) and {@code m:layout} (one byte); in {@code
 * identity-users}, {@code u<user id>} → person (4 bytes), {@code m:next-person} (int) and {@code
 * m:identifiers} (long). Records are keyed by person because a bulk load hands out new people in
 * increasing order: its records arrive in key order, so RocksDB's flushes do not overlap and
 * compaction can move their files instead of rewriting them. That needs every other key written
 * with them elsewhere: the {@code u} entries arrive in no order, and the counters are written with
 * every batch; in the identity-users family, their flushes overlap only each other's files, and
 * what compaction rewrites is those small entries, not the records. A base of an older layout (3:
 * the {@code u} entries in {@code identities}; formats 1–2: {@code u<user id>} → record, {@code
 * p<person>} → user id) is migrated when opened ({@link IdentityLayoutMigration}).
 *
 * <p>{@link #forEachIdentifierChunk} reads on the calling thread and decodes on {@link
 * #REBUILD_THREADS} others, overlapping RocksDB iteration with index inserts.
 */
public final class RocksIdentityStore implements IdentityRecordStore {
  /**
   * The layout written now (records in format {@link IdentityRecordCodec#FORMAT_BY_PERSON}, user
   * ids in their own family); older ones are migrated at open.
   */
  static final int LAYOUT = 4;

  private static final int REBUILD_THREADS =
      Math.max(1, Math.min(3, Runtime.getRuntime().availableProcessors() - 1));
  private static final int RECORDS_PER_CHUNK = 2048;
  private static final List<byte[]> END = new ArrayList<>();

  /** Memtable size of each identity family (two at most: up to twice this in native memory). */
  private static final long MEMTABLE_BYTES = 128L << 20;

  /** A typical user's two entries in a write batch (a user id and two identifiers): sizes it. */
  private static final int BATCH_BYTES_PER_RECORD = 128;

  static final byte USER = 'u';
  static final byte RECORD = 'r';

  /** The person → user id entries of the former layout, removed by the migration. */
  static final byte FORMER_PERSON = 'p';

  static final byte[] NEXT_PERSON = bytes("m:next-person");
  static final byte[] IDENTIFIERS = bytes("m:identifiers");
  private static final byte[] LAYOUT_KEY = bytes("m:layout");

  private static final System.Logger LOG = System.getLogger(RocksIdentityStore.class.getName());

  private final RocksStore store;
  private final RocksDB db;
  private final ColumnFamilyHandle identities;
  private final ColumnFamilyHandle users;

  public RocksIdentityStore(RocksStore store) {
    this.store = store;
    this.db = store.db();
    this.identities = store.family(RocksStore.Family.IDENTITIES);
    this.users = store.family(RocksStore.Family.IDENTITY_USERS);
    tune(db, identities);
    tune(db, users);
    migrate();
  }

  /**
   * Tunes an identity family for bulk loads (BENCHMARKS.md, "Identity index"): bigger memtables
   * mean fewer, larger flushes and fewer rewrites of the first level by the {@code u} entries,
   * which arrive in no key order. (Compression is off for these families too, but that is set where
   * {@link RocksStore} opens them: RocksJava 10.10's {@code setOptions} cannot switch it.)
   */
  private static void tune(RocksDB db, ColumnFamilyHandle family) {
    try {
      db.setOptions(
          family,
          MutableColumnFamilyOptions.builder()
              .setWriteBufferSize(MEMTABLE_BYTES)
              .setMaxBytesForLevelBase(4 * MEMTABLE_BYTES)
              .build());
    } catch (RocksDBException e) {
      throw new StoreException("cannot tune the identities family: " + e.getMessage(), e);
    }
  }

  /** Brings a family of an older layout to {@link #LAYOUT}; refuses one of a newer layout. */
  private void migrate() {
    byte[] stored = get(LAYOUT_KEY);
    int layout = stored == null ? 0 : stored[0];
    if (layout > LAYOUT) {
      throw new StoreException(
          "the identity base has layout " + layout + ", newer than this version's " + LAYOUT, null);
    }
    if (layout == LAYOUT) {
      return;
    }
    try {
      long moved =
          IdentityLayoutMigration.run(
              db,
              identities,
              users,
              store.syncWrites(),
              LAYOUT_KEY,
              LAYOUT,
              IdentityLayoutMigration.ALL_STEPS);
      if (moved > 0) {
        LOG.log(
            System.Logger.Level.INFO,
            "identity base: {0} user entries moved to layout {1}",
            moved,
            LAYOUT);
      }
    } catch (RocksDBException e) {
      throw new StoreException("identity layout migration failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<IdentityRecord> byUser(String userId) {
    int person = personOfUser(userId);
    return person < 0 ? Optional.empty() : byPerson(person);
  }

  @Override
  public int personOfUser(String userId) {
    byte[] value = get(users, userKey(userId));
    return value == null ? IdentityLookup.NO_PERSON : personOf(value);
  }

  @Override
  public Map<String, IdentityRecord> byUsers(Collection<String> userIds) {
    List<String> ids = new ArrayList<>(userIds);
    List<byte[]> keys = new ArrayList<>(ids.size());
    for (String userId : ids) {
      keys.add(userKey(userId));
    }
    List<byte[]> persons = multiGet(users, keys);
    List<Integer> found = new ArrayList<>();
    List<byte[]> recordKeys = new ArrayList<>();
    for (byte[] person : persons) {
      if (person != null) {
        found.add(personOf(person));
        recordKeys.add(recordKey(personOf(person)));
      }
    }
    if (found.isEmpty()) {
      return Map.of();
    }
    List<byte[]> values = multiGet(identities, recordKeys);
    Map<String, IdentityRecord> records = HashMap.newHashMap(found.size());
    for (int i = 0; i < found.size(); i++) {
      byte[] value = values.get(i);
      if (value == null) {
        throw new StoreException("person " + found.get(i) + " has a user id but no record", null);
      }
      IdentityRecord record = IdentityRecordCodec.decode(found.get(i), value);
      records.put(record.userId(), record);
    }
    return records;
  }

  @Override
  public Optional<String> userOf(int person) {
    byte[] value = get(recordKey(person));
    return value == null
        ? Optional.empty()
        : Optional.of(IdentityRecordCodec.userId(person, value));
  }

  private Optional<IdentityRecord> byPerson(int person) {
    byte[] value = get(recordKey(person));
    return value == null
        ? Optional.empty()
        : Optional.of(IdentityRecordCodec.decode(person, value));
  }

  @Override
  public int nextPerson() {
    byte[] value = get(users, NEXT_PERSON);
    return value == null ? 0 : ByteBuffer.wrap(value).getInt();
  }

  @Override
  public long identifierCount() {
    byte[] value = get(users, IDENTIFIERS);
    return value == null ? 0 : ByteBuffer.wrap(value).getLong();
  }

  @Override
  public PreparedCommit prepareCommit(
      Collection<IdentityRecord> puts,
      Collection<IdentityRecord> deletes,
      int nextPerson,
      long identifierCount) {
    IdentityWriteBatch batch = new IdentityWriteBatch(BATCH_BYTES_PER_RECORD * puts.size() + 64);
    for (IdentityRecord record : deletes) {
      batch.delete(users, userKey(record.userId()));
      batch.delete(identities, recordKey(record.person()));
    }
    UserEntry[] userEntries = new UserEntry[puts.size()];
    int at = 0;
    for (IdentityRecord record : puts) {
      batch.put(identities, recordKey(record.person()), IdentityRecordCodec.encode(record));
      userEntries[at++] = new UserEntry(userKey(record.userId()), record.person());
    }
    // in key order, each memtable insert starts where the one before ended (RocksDB's skip list
    // keeps the last insert's path) instead of searching from the top through cold memory
    Arrays.sort(userEntries, UserEntry.KEY_ORDER);
    for (UserEntry entry : userEntries) {
      batch.put(users, entry.key(), personValue(entry.person()));
    }
    // the counters, written with every batch, go with the user id entries: among the records they
    // would put a key before the first record in every flushed file, so that the files overlap
    batch.put(users, NEXT_PERSON, ByteBuffer.allocate(4).putInt(nextPerson).array());
    batch.put(users, IDENTIFIERS, ByteBuffer.allocate(8).putLong(identifierCount).array());
    return () -> {
      try (WriteBatch writes = batch.toWriteBatch()) {
        db.write(store.syncWrites(), writes);
      } catch (RocksDBException e) {
        throw new StoreException("identity write failed: " + e.getMessage(), e);
      }
    };
  }

  /** Adds the two entries of {@code record} (layout 4) to {@code writes}. */
  static void stage(
      WriteBatch writes,
      ColumnFamilyHandle identities,
      ColumnFamilyHandle users,
      IdentityRecord record)
      throws RocksDBException {
    writes.put(identities, recordKey(record.person()), IdentityRecordCodec.encode(record));
    writes.put(users, userKey(record.userId()), personValue(record.person()));
  }

  /** A user id entry to write: its key and its person. */
  private record UserEntry(byte[] key, int person) {
    static final Comparator<UserEntry> KEY_ORDER = (a, b) -> Arrays.compareUnsigned(a.key, b.key);
  }

  private static byte[] personValue(int person) {
    return ByteBuffer.allocate(Integer.BYTES).putInt(person).array();
  }

  @Override
  public void forEach(Consumer<IdentityRecord> each) {
    try (Slice upper = new Slice(new byte[] {RECORD + 1});
        ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator it = db.newIterator(identities, options)) {
      for (it.seek(new byte[] {RECORD}); it.isValid(); it.next()) {
        int person = personOfKey(it.key());
        each.accept(IdentityRecordCodec.decode(person, it.value()));
      }
    }
  }

  @Override
  public void forEachIdentifierChunk(
      Consumer<IdentifierChunk> each, Consumer<List<String>> userIds) {
    BlockingQueue<List<byte[]>> queue = new ArrayBlockingQueue<>(4 * REBUILD_THREADS);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    List<Thread> decoders = new ArrayList<>();
    for (int i = 0; i < REBUILD_THREADS; i++) {
      Thread decoder =
          new Thread(() -> decodeUntilEnd(queue, each, userIds, failure), "identity-rebuild-" + i);
      decoder.setDaemon(true);
      decoder.start();
      decoders.add(decoder);
    }
    try (Slice upper = new Slice(new byte[] {RECORD + 1});
        ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator it = db.newIterator(identities, options)) {
      // keys and values alternate: a record's person is its key
      List<byte[]> entries = new ArrayList<>(2 * RECORDS_PER_CHUNK);
      for (it.seek(new byte[] {RECORD}); it.isValid() && failure.get() == null; it.next()) {
        entries.add(it.key());
        entries.add(it.value());
        if (entries.size() == 2 * RECORDS_PER_CHUNK) {
          hand(queue, entries, failure);
          entries = new ArrayList<>(2 * RECORDS_PER_CHUNK);
        }
      }
      hand(queue, entries, failure);
    } finally {
      for (int i = 0; i < REBUILD_THREADS; i++) {
        hand(queue, END, failure);
      }
      for (Thread decoder : decoders) {
        joinUninterruptibly(decoder);
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  private static void decodeUntilEnd(
      BlockingQueue<List<byte[]>> queue,
      Consumer<IdentifierChunk> each,
      Consumer<List<String>> userIds,
      AtomicReference<RuntimeException> failure) {
    IdentifierChunk chunk = new IdentifierChunk(2 * RECORDS_PER_CHUNK);
    List<String> users = new ArrayList<>(RECORDS_PER_CHUNK);
    try {
      for (List<byte[]> entries = queue.take(); entries != END; entries = queue.take()) {
        if (failure.get() != null) {
          continue; // drain so that the reader never blocks
        }
        chunk.clear();
        users.clear();
        for (int i = 0; i < entries.size(); i += 2) {
          int person = personOfKey(entries.get(i));
          IdentityRecordCodec.decodeInto(person, entries.get(i + 1), chunk);
          users.add(IdentityRecordCodec.userId(person, entries.get(i + 1)));
        }
        each.accept(chunk);
        userIds.accept(users);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.compareAndSet(null, new StoreException("identity rebuild interrupted", e));
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
      drainUntilEnd(queue);
    }
  }

  private static void drainUntilEnd(BlockingQueue<List<byte[]>> queue) {
    try {
      while (queue.take() != END) {
        // the reader stops at the failure; keep taking so that its last puts do not block
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void hand(
      BlockingQueue<List<byte[]>> queue,
      List<byte[]> values,
      AtomicReference<RuntimeException> failure) {
    try {
      queue.put(values);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.compareAndSet(null, new StoreException("identity rebuild interrupted", e));
    }
  }

  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private byte[] get(byte[] key) {
    return get(identities, key);
  }

  private byte[] get(ColumnFamilyHandle family, byte[] key) {
    try {
      return db.get(family, key);
    } catch (RocksDBException e) {
      throw new StoreException("identity read failed: " + e.getMessage(), e);
    }
  }

  private List<byte[]> multiGet(ColumnFamilyHandle family, List<byte[]> keys) {
    try {
      return db.multiGetAsList(Collections.nCopies(keys.size(), family), keys);
    } catch (RocksDBException e) {
      throw new StoreException("identity read failed: " + e.getMessage(), e);
    }
  }

  private static int personOf(byte[] userValue) {
    if (userValue.length != Integer.BYTES) {
      throw new StoreException("a user id entry holds " + userValue.length + " bytes, not 4", null);
    }
    return ByteBuffer.wrap(userValue).getInt();
  }

  private static int personOfKey(byte[] recordKey) {
    return ByteBuffer.wrap(recordKey).getInt(1);
  }

  private static byte[] userKey(String userId) {
    byte[] id = userId.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[1 + id.length];
    key[0] = USER;
    System.arraycopy(id, 0, key, 1, id.length);
    return key;
  }

  private static byte[] recordKey(int person) {
    return ByteBuffer.allocate(5).put(RECORD).putInt(person).array();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
