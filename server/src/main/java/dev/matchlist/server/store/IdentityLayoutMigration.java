package dev.matchlist.server.store;

import dev.matchlist.server.matching.IdentityRecord;
import java.nio.charset.StandardCharsets;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Moves an identities family from the layout of formats 1–2 ({@code u<user id>} → the whole record,
 * {@code p<person>} → user id) to that of format 3 ({@code r<person>} → the record, {@code u<user
 * id>} → person), in synced steps of {@link #RECORDS_PER_STEP} records.
 *
 * <p>Safe to stop anywhere: each step is one atomic write, a migrated user's {@code u} value is its
 * 4-byte person (a former record is at least 7 bytes), so a restarted migration skips what is done;
 * the {@code p} entries go and the layout version is stored in the last step, and only then does
 * the store count as migrated.
 */
final class IdentityLayoutMigration {
  private static final int RECORDS_PER_STEP = 10_000;

  private IdentityLayoutMigration() {}

  /**
   * Migrates every record still in a former format, then marks the family as layout {@code
   * version}.
   *
   * @return the records migrated
   */
  static long run(
      RocksDB db, ColumnFamilyHandle identities, WriteOptions sync, byte[] versionKey, int version)
      throws RocksDBException {
    long migrated = 0;
    WriteBatch step = new WriteBatch();
    try (Slice upper = new Slice(new byte[] {RocksIdentityStore.USER + 1});
        ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator it = db.newIterator(identities, options)) {
      for (it.seek(new byte[] {RocksIdentityStore.USER}); it.isValid(); it.next()) {
        byte[] value = it.value();
        if (value.length == Integer.BYTES) {
          continue; // migrated by an earlier, interrupted run
        }
        byte[] key = it.key();
        String userId = new String(key, 1, key.length - 1, StandardCharsets.UTF_8);
        IdentityRecord record = IdentityRecordCodec.decodeFormerFormat(userId, value);
        RocksIdentityStore.stage(step, identities, record);
        if (++migrated % RECORDS_PER_STEP == 0) {
          db.write(sync, step);
          step.close();
          step = new WriteBatch();
        }
      }
      it.status();
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
    return migrated;
  }

  /** Whether any {@code p} entry is left: a fresh base gets no range tombstone to carry along. */
  private static boolean hasFormerPersonEntries(RocksDB db, ColumnFamilyHandle identities) {
    try (RocksIterator it = db.newIterator(identities)) {
      it.seek(new byte[] {RocksIdentityStore.FORMER_PERSON});
      return it.isValid() && it.key()[0] == RocksIdentityStore.FORMER_PERSON;
    }
  }
}
