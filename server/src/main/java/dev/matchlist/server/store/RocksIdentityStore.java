package dev.matchlist.server.store;

import dev.matchlist.server.matching.IdentifierChunk;
import dev.matchlist.server.matching.IdentityKind;
import dev.matchlist.server.matching.IdentityRecord;
import dev.matchlist.server.matching.IdentityRecordStore;
import dev.matchlist.server.matching.PersonIdentifier;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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
 * {@link IdentityRecordStore} in the store's {@code identities} column family. Hashes only: no raw
 * personal data is ever written here.
 *
 * <p>Keys: {@code u<user id>} → the record (format version byte, person int, identifier count, then
 * per identifier its kind and 32 bytes); {@code p<person, 4 bytes big-endian>} → user id; {@code
 * m:next-person} (int) and {@code m:identifiers} (long) counters. Format 2 writes the kind as one
 * byte (its index in {@link #KIND_CODES}, fixed here so that reordering {@link IdentityKind} cannot
 * change stored data); format 1 (kind name in modified UTF-8) is still read.
 *
 * <p>{@link #forEachIdentifierChunk} reads on the calling thread and decodes on {@link
 * #REBUILD_THREADS} others, overlapping RocksDB iteration with index inserts.
 */
public final class RocksIdentityStore implements IdentityRecordStore {
  private static final int FORMAT_NAMED_KINDS = 1;
  private static final int FORMAT_KIND_CODES = 2;

  /** On-disk kind codes of format 2: append only. */
  private static final IdentityKind[] KIND_CODES = {
    IdentityKind.EXTERN_ID,
    IdentityKind.MADID,
    IdentityKind.EMAIL,
    IdentityKind.PHONE,
    IdentityKind.APPUID,
    IdentityKind.PAGEUID,
    IdentityKind.FN_LN_DOB,
    IdentityKind.FN_LN_ZIP,
    IdentityKind.FN_LN_CT_ST,
  };

  private static final byte[] CODE_OF_KIND = codeOfKind();
  private static final int REBUILD_THREADS =
      Math.max(1, Math.min(3, Runtime.getRuntime().availableProcessors() - 1));
  private static final int RECORDS_PER_CHUNK = 2048;
  private static final List<byte[]> END = new ArrayList<>();

  /** Memtable size of the identities family (two at most: up to twice this in native memory). */
  private static final long MEMTABLE_BYTES = 128L << 20;

  private static final byte USER = 'u';
  private static final byte PERSON = 'p';
  private static final byte[] NEXT_PERSON = bytes("m:next-person");
  private static final byte[] IDENTIFIERS = bytes("m:identifiers");

  private final RocksStore store;
  private final RocksDB db;
  private final ColumnFamilyHandle identities;

  public RocksIdentityStore(RocksStore store) {
    this.store = store;
    this.db = store.db();
    this.identities = store.family(RocksStore.Family.IDENTITIES);
    tune(db, identities);
  }

  /**
   * Tunes the identities family for bulk loads (BENCHMARKS.md, "Identity index"): user ids arrive
   * in no key order, so every flush overlaps the whole first level; bigger memtables mean fewer,
   * larger flushes and fewer rewrites of that level. (Compression is off for this family too, but
   * that is set where {@link RocksStore} opens it: RocksJava 10.10's {@code setOptions} cannot
   * switch it.)
   */
  private static void tune(RocksDB db, ColumnFamilyHandle identities) {
    try {
      db.setOptions(
          identities,
          MutableColumnFamilyOptions.builder()
              .setWriteBufferSize(MEMTABLE_BYTES)
              .setMaxBytesForLevelBase(4 * MEMTABLE_BYTES)
              .build());
    } catch (RocksDBException e) {
      throw new StoreException("cannot tune the identities family: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<IdentityRecord> byUser(String userId) {
    byte[] value = get(userKey(userId));
    return value == null ? Optional.empty() : Optional.of(decode(userId, value));
  }

  @Override
  public Map<String, IdentityRecord> byUsers(Collection<String> userIds) {
    List<String> ids = new ArrayList<>(userIds);
    List<byte[]> keys = new ArrayList<>(ids.size());
    for (String userId : ids) {
      keys.add(userKey(userId));
    }
    List<byte[]> values;
    try {
      values = db.multiGetAsList(Collections.nCopies(keys.size(), identities), keys);
    } catch (RocksDBException e) {
      throw new StoreException("identity read failed: " + e.getMessage(), e);
    }
    Map<String, IdentityRecord> found = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      byte[] value = values.get(i);
      if (value != null) {
        found.put(ids.get(i), decode(ids.get(i), value));
      }
    }
    return found;
  }

  @Override
  public Optional<String> userOf(int person) {
    byte[] value = get(personKey(person));
    return value == null
        ? Optional.empty()
        : Optional.of(new String(value, StandardCharsets.UTF_8));
  }

  @Override
  public int nextPerson() {
    byte[] value = get(NEXT_PERSON);
    return value == null ? 0 : ByteBuffer.wrap(value).getInt();
  }

  @Override
  public long identifierCount() {
    byte[] value = get(IDENTIFIERS);
    return value == null ? 0 : ByteBuffer.wrap(value).getLong();
  }

  @Override
  public void commit(
      Collection<IdentityRecord> puts,
      Collection<IdentityRecord> deletes,
      int nextPerson,
      long identifierCount) {
    try (WriteBatch writes = new WriteBatch()) {
      for (IdentityRecord record : deletes) {
        writes.delete(identities, userKey(record.userId()));
        writes.delete(identities, personKey(record.person()));
      }
      for (IdentityRecord record : puts) {
        writes.put(identities, userKey(record.userId()), encode(record));
        writes.put(
            identities,
            personKey(record.person()),
            record.userId().getBytes(StandardCharsets.UTF_8));
      }
      writes.put(identities, NEXT_PERSON, ByteBuffer.allocate(4).putInt(nextPerson).array());
      writes.put(identities, IDENTIFIERS, ByteBuffer.allocate(8).putLong(identifierCount).array());
      db.write(store.syncWrites(), writes);
    } catch (RocksDBException e) {
      throw new StoreException("identity write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void forEach(Consumer<IdentityRecord> each) {
    try (RocksIterator it = db.newIterator(identities)) {
      for (it.seek(new byte[] {USER}); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (key.length == 0 || key[0] != USER) {
          break;
        }
        String userId = new String(key, 1, key.length - 1, StandardCharsets.UTF_8);
        each.accept(decode(userId, it.value()));
      }
    }
  }

  @Override
  public void forEachIdentifierChunk(Consumer<IdentifierChunk> each) {
    BlockingQueue<List<byte[]>> queue = new ArrayBlockingQueue<>(4 * REBUILD_THREADS);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    List<Thread> decoders = new ArrayList<>();
    for (int i = 0; i < REBUILD_THREADS; i++) {
      Thread decoder =
          new Thread(() -> decodeUntilEnd(queue, each, failure), "identity-rebuild-" + i);
      decoder.setDaemon(true);
      decoder.start();
      decoders.add(decoder);
    }
    try (Slice upper = new Slice(new byte[] {USER + 1});
        ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator it = db.newIterator(identities, options)) {
      List<byte[]> values = new ArrayList<>(RECORDS_PER_CHUNK);
      for (it.seek(new byte[] {USER}); it.isValid() && failure.get() == null; it.next()) {
        values.add(it.value());
        if (values.size() == RECORDS_PER_CHUNK) {
          hand(queue, values, failure);
          values = new ArrayList<>(RECORDS_PER_CHUNK);
        }
      }
      hand(queue, values, failure);
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
      AtomicReference<RuntimeException> failure) {
    IdentifierChunk chunk = new IdentifierChunk(2 * RECORDS_PER_CHUNK);
    try {
      for (List<byte[]> values = queue.take(); values != END; values = queue.take()) {
        if (failure.get() != null) {
          continue; // drain so that the reader never blocks
        }
        chunk.clear();
        for (byte[] value : values) {
          decodeInto(value, chunk);
        }
        each.accept(chunk);
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

  /** Appends the identifiers of one stored record to {@code chunk}, without objects per entry. */
  private static void decodeInto(byte[] value, IdentifierChunk chunk) {
    if (value.length < 7 || value[0] != FORMAT_KIND_CODES) {
      for (PersonIdentifier id : decode("(rebuild)", value).identifiers()) {
        chunk.add(id.kind(), id.hash(), 0, decodePerson(value));
      }
      return;
    }
    ByteBuffer in = ByteBuffer.wrap(value);
    int person = in.getInt(1);
    int count = Short.toUnsignedInt(in.getShort(5));
    if (value.length != 7 + 33 * count) {
      throw new StoreException("identity record of person " + person + " is truncated", null);
    }
    for (int i = 0, at = 7; i < count; i++, at += 33) {
      chunk.add(kindOf(value[at]), value, at + 1, person);
    }
  }

  private static int decodePerson(byte[] value) {
    return ByteBuffer.wrap(value).getInt(1);
  }

  private byte[] get(byte[] key) {
    try {
      return db.get(identities, key);
    } catch (RocksDBException e) {
      throw new StoreException("identity read failed: " + e.getMessage(), e);
    }
  }

  private static byte[] encode(IdentityRecord record) {
    List<PersonIdentifier> ids = record.identifiers();
    if (ids.size() > 0xFFFF) {
      throw new IllegalArgumentException(
          "user " + record.userId() + " has more than 65535 identifiers");
    }
    ByteBuffer out = ByteBuffer.allocate(7 + 33 * ids.size());
    out.put((byte) FORMAT_KIND_CODES).putInt(record.person()).putShort((short) ids.size());
    for (PersonIdentifier id : ids) {
      out.put(CODE_OF_KIND[id.kind().ordinal()]).put(id.hash());
    }
    return out.array();
  }

  private static IdentityKind kindOf(byte code) {
    if (code < 0 || code >= KIND_CODES.length) {
      throw new StoreException("unknown identifier kind code " + code, null);
    }
    return KIND_CODES[code];
  }

  private static byte[] codeOfKind() {
    byte[] codes = new byte[IdentityKind.values().length];
    java.util.Arrays.fill(codes, (byte) -1);
    for (int code = 0; code < KIND_CODES.length; code++) {
      codes[KIND_CODES[code].ordinal()] = (byte) code;
    }
    for (IdentityKind kind : IdentityKind.values()) {
      if (codes[kind.ordinal()] < 0) {
        throw new IllegalStateException(kind + " has no on-disk code");
      }
    }
    return codes;
  }

  private static IdentityRecord decode(String userId, byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      int version = in.readUnsignedByte();
      if (version != FORMAT_NAMED_KINDS && version != FORMAT_KIND_CODES) {
        throw new StoreException("identity record of " + userId + " has format " + version, null);
      }
      int person = in.readInt();
      int count = in.readUnsignedShort();
      List<PersonIdentifier> identifiers = new ArrayList<>(count);
      byte[] hash = new byte[32];
      for (int i = 0; i < count; i++) {
        IdentityKind kind =
            version == FORMAT_KIND_CODES
                ? kindOf(in.readByte())
                : IdentityKind.valueOf(in.readUTF());
        in.readFully(hash);
        identifiers.add(new PersonIdentifier(kind, hash));
      }
      return new IdentityRecord(userId, person, identifiers);
    } catch (IOException | IllegalArgumentException e) {
      throw new StoreException("identity record of " + userId + " is unreadable: " + e, e);
    }
  }

  private static byte[] userKey(String userId) {
    byte[] id = userId.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[1 + id.length];
    key[0] = USER;
    System.arraycopy(id, 0, key, 1, id.length);
    return key;
  }

  private static byte[] personKey(int person) {
    return ByteBuffer.allocate(5).put(PERSON).putInt(person).array();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
