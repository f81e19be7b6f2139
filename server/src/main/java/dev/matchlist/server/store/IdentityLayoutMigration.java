package dev.matchlist.server.store;

import dev.matchlist.server.matching.IdentityRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Brings an identity base of an older layout to layout 4: {@code r<person>} → the record in the
 * identities family, {@code u<user id>} → person and the counters in the identity-users family.
 * Every {@code u} entry still in the identities family is moved: in layout 3 it already is a 4-byte
 * person; in the layout of formats 1–2 it is the whole record ({@code p<person>} → user id beside
 * it), which is first split into {@code r<person>} and the person.
 *
 * <p>Safe to stop anywhere: each step of {@link #ENTRIES_PER_STEP} entries is one synced, atomic
 * write that also deletes the entries it moved (one range delete over their keys), so a restarted
 * migration finds only what is left. A layout-3 entry left by an interrupted migration of a base of
 * formats 1–2 is told from a former record by its length (4 bytes; a record is at least 7). The
 * counters move, the {@code p} entries go and the layout version is stored in the last step, and
 * only then does the store count as migrated.
 */
final class IdentityLayoutMigration {
  static final int ENTRIES_PER_STEP = 10_000;

  /** A step limit that lets the migration run to its end. */
  static final long ALL_STEPS = Long.MAX_VALUE;

  private IdentityLayoutMigration() {}

  /**
   * Moves every {@code u} entry of {@code identities} to {@code users}, then marks the base as
   * layout {@code version}; or stops after {@code stepLimit} full steps, as a process killed
   * between two steps would (tests restart from there).
   *
   * @return the entries moved
   */
  static long run(
      RocksDB db,
      ColumnFamilyHandle identities,
      ColumnFamilyHandle users,
      WriteOptions sync,
      byte[] versionKey,
      int version,
      long stepLimit)
      throws RocksDBException {
    long moved = 0;
    WriteBatch step = new WriteBatch();
    byte[] first = null;
    try (Slice upper = new Slice(new byte[] {RocksIdentityStore.USER + 1});
        ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator it = db.newIterator(identities, options)) {
      for (it.seek(new byte[] {RocksIdentityStore.USER}); it.isValid(); it.next()) {
        byte[] key = it.key();
        byte[] value = it.value();
        if (value.length == Integer.BYTES) {
          step.put(users, key, value);
        } else {
          String userId = new String(key, 1, key.length - 1, StandardCharsets.UTF_8);
          IdentityRecord record = IdentityRecordCodec.decodeFormerFormat(userId, value);
          RocksIdentityStore.stage(step, identities, users, record);
        }
        first = first == null ? key : first;
        if (++moved % ENTRIES_PER_STEP == 0) {
          step.deleteRange(identities, first, justAfter(key));
          db.write(sync, step);
          if (moved / ENTRIES_PER_STEP == stepLimit) {
            return moved;
          }
          step.close();
          step = new WriteBatch();
          first = null;
        }
      }
      it.status();
      if (first != null) {
        step.deleteRange(identities, first, new byte[] {RocksIdentityStore.USER + 1});
      }
      for (byte[] counter :
          new byte[][] {RocksIdentityStore.NEXT_PERSON, RocksIdentityStore.IDENTIFIERS}) {
        byte[] value = db.get(identities, counter);
        if (value != null) {
          step.put(users, counter, value);
          step.delete(identities, counter);
        }
      }
      if (hasFormerPersonEntries(db, identities)) {
        step.deleteRange(
            identities,
            new byte[] {RocksIdentityStore.FORMER_PERSON},
            new byte[] {RocksIdentityStore.FORMER_PERSON + 1});
      }
      step.put(identities, versionKey, new byte[] {(byte) version});
      db.write(sync, step);
    } finally {
      step.close();
    }
    return moved;
  }

  /** The smallest key after {@code key}: the exclusive end of a range that ends with it. */
  private static byte[] justAfter(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  /** Whether any {@code p} entry is left: a fresh base gets no range tombstone to carry along. */
  private static boolean hasFormerPersonEntries(RocksDB db, ColumnFamilyHandle identities) {
    try (RocksIterator it = db.newIterator(identities)) {
      it.seek(new byte[] {RocksIdentityStore.FORMER_PERSON});
      return it.isValid() && it.key()[0] == RocksIdentityStore.FORMER_PERSON;
    }
  }
}
