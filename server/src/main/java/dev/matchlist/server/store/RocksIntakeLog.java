package dev.matchlist.server.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * {@link IntakeLog} in the store's {@code intake} column family, keyed by the 8-byte big-endian
 * position.
 *
 * <p>Group commit comes from RocksDB itself: concurrent synced writes join one write group whose
 * leader writes all their WAL records and syncs once, so N concurrent appends cost about one fsync,
 * not N.
 *
 * <p>Positions are handed out before the write, so writes may land out of order; readers only see
 * positions below the oldest append still in flight (the visibility watermark).
 */
public final class RocksIntakeLog implements IntakeLog {
  private static final byte[] FLOOR_KEY = "intake.floor".getBytes(StandardCharsets.UTF_8);

  private final RocksDB db;
  private final ColumnFamilyHandle intake;
  private final ColumnFamilyHandle meta;
  private final WriteOptions syncWrite;
  private final Object positions = new Object();
  private final TreeSet<Long> inFlight = new TreeSet<>();
  private long lastAssigned;

  public RocksIntakeLog(RocksStore store) {
    this.db = store.db();
    this.intake = store.family(RocksStore.Family.INTAKE);
    this.meta = store.family(RocksStore.Family.META);
    this.syncWrite = store.syncWrites();
    this.lastAssigned = Math.max(lastStoredPosition(), storedFloor());
  }

  @Override
  public long append(byte[] entry) {
    try (WriteBatch alone = new WriteBatch()) {
      return append(ByteBuffer.wrap(entry), alone);
    }
  }

  /**
   * Appends {@code entry} together with the writes already in {@code batch}, in one synced write:
   * other stores use this to make their records and the entry durable atomically.
   */
  long append(ByteBuffer entry, WriteBatch batch) {
    // RocksJava takes ByteBuffers only when direct; the upload path hands over a direct one
    ByteBuffer value =
        entry.isDirect()
            ? entry
            : ByteBuffer.allocateDirect(entry.remaining()).put(entry.duplicate()).flip();
    long position;
    synchronized (positions) {
      position = ++lastAssigned;
      inFlight.add(position);
    }
    try {
      batch.put(intake, ByteBuffer.allocateDirect(Long.BYTES).putLong(0, position), value);
      db.write(syncWrite, batch);
      return position;
    } catch (RocksDBException e) {
      throw new StoreException("intake log append failed: " + e.getMessage(), e);
    } finally {
      synchronized (positions) {
        inFlight.remove(position);
      }
    }
  }

  @Override
  public List<Entry> readAfter(long position, int max) {
    long visibleThrough;
    synchronized (positions) {
      visibleThrough = inFlight.isEmpty() ? lastAssigned : inFlight.first() - 1;
    }
    List<Entry> entries = new ArrayList<>();
    try (ReadOptions options = new ReadOptions();
        RocksIterator it = db.newIterator(intake, options)) {
      for (it.seek(key(position + 1)); it.isValid() && entries.size() < max; it.next()) {
        long at = position(it.key());
        if (at > visibleThrough) {
          break;
        }
        entries.add(new Entry(at, it.value()));
      }
      it.status();
    } catch (RocksDBException e) {
      throw new StoreException("intake log read failed: " + e.getMessage(), e);
    }
    return entries;
  }

  @Override
  public void deleteThrough(long position) {
    // The floor goes in the same batch: once the log is empty, it is what keeps positions from
    // restarting at 1 after a reopen.
    try (WriteBatch batch = new WriteBatch()) {
      batch.deleteRange(intake, key(0), key(position + 1));
      batch.put(meta, FLOOR_KEY, key(Math.max(position, storedFloor())));
      db.write(syncWrite, batch);
    } catch (RocksDBException e) {
      throw new StoreException("intake log delete failed: " + e.getMessage(), e);
    }
  }

  private long lastStoredPosition() {
    try (RocksIterator it = db.newIterator(intake)) {
      it.seekToLast();
      return it.isValid() ? position(it.key()) : 0;
    }
  }

  private long storedFloor() {
    try {
      byte[] floor = db.get(meta, FLOOR_KEY);
      return floor == null ? 0 : position(floor);
    } catch (RocksDBException e) {
      throw new StoreException("intake log floor unreadable: " + e.getMessage(), e);
    }
  }

  private static byte[] key(long position) {
    return ByteBuffer.allocate(Long.BYTES).putLong(position).array();
  }

  private static long position(byte[] key) {
    return ByteBuffer.wrap(key).getLong();
  }
}
