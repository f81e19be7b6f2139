package dev.matchlist.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.WriteBatch;

/** The Java-built write batch against RocksDB's own, on a real store in a temp directory. */
class IdentityWriteBatchTest {
  @TempDir Path dir;

  @Test
  void theBytesAreThoseRocksDbsOwnBatchHoldsForTheSameWrites() throws Exception {
    try (RocksStore rocks = RocksStore.open(dir);
        WriteBatch expected = new WriteBatch()) {
      ColumnFamilyHandle records = rocks.family(RocksStore.Family.IDENTITIES);
      ColumnFamilyHandle users = rocks.family(RocksStore.Family.IDENTITY_USERS);
      byte[] longKey = bytes("u" + "x".repeat(300)); // lengths past one varint byte
      byte[] longValue = new byte[70_000];
      IdentityWriteBatch batch = new IdentityWriteBatch(16); // grows

      batch.put(records, bytes("r1"), longValue);
      expected.put(records, bytes("r1"), longValue);
      batch.put(users, longKey, bytes("1"));
      expected.put(users, longKey, bytes("1"));
      batch.delete(users, bytes("ugone"));
      expected.delete(users, bytes("ugone"));

      try (WriteBatch built = batch.toWriteBatch()) {
        assertThat(built.data()).isEqualTo(expected.data());
        assertThat(built.count()).isEqualTo(3);
      }
    }
  }

  @Test
  void aWrittenBatchPutsAndDeletesInEachFamily() throws Exception {
    try (RocksStore rocks = RocksStore.open(dir)) {
      ColumnFamilyHandle records = rocks.family(RocksStore.Family.IDENTITIES);
      ColumnFamilyHandle users = rocks.family(RocksStore.Family.IDENTITY_USERS);
      rocks.db().put(users, bytes("ugone"), bytes("7"));
      IdentityWriteBatch batch = new IdentityWriteBatch(64);
      batch.put(records, bytes("r1"), bytes("record"));
      batch.put(users, bytes("uann"), bytes("1"));
      batch.delete(users, bytes("ugone"));

      try (WriteBatch built = batch.toWriteBatch()) {
        rocks.db().write(rocks.syncWrites(), built);
      }

      assertThat(rocks.db().get(records, bytes("r1"))).isEqualTo(bytes("record"));
      assertThat(rocks.db().get(users, bytes("uann"))).isEqualTo(bytes("1"));
      assertThat(rocks.db().get(records, bytes("uann"))).isNull();
      assertThat(rocks.db().get(users, bytes("ugone"))).isNull();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
