package dev.matchlist.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.TableProperties;

/** The store's column families and their options, on real RocksDB in a temp directory. */
class RocksStoreTest {
  /** The family names a data directory has had since the identities family came. */
  private static final List<String> FAMILIES =
      List.of("default", "intake", "catalog", "sessions", "identities", "membership");

  @TempDir Path dir;

  @Test
  void theIdentitiesFamilyIsWrittenUncompressedAndTheOthersStayCompressed() throws Exception {
    try (RocksStore rocks = RocksStore.open(dir)) {
      putAndFlush(rocks.db(), rocks.family(RocksStore.Family.IDENTITIES), "u1");
      putAndFlush(rocks.db(), rocks.family(RocksStore.Family.CATALOG), "c1");

      assertThat(compressionOf(rocks.db(), rocks.family(RocksStore.Family.IDENTITIES)))
          .containsOnly("NoCompression");
      assertThat(compressionOf(rocks.db(), rocks.family(RocksStore.Family.CATALOG)))
          .doesNotContain("NoCompression")
          .isNotEmpty();
    }
  }

  @Test
  void theIdentitiesFamilysFilesAndMemtablesHaveKeyFilters() throws Exception {
    try (RocksStore rocks = RocksStore.open(dir)) {
      ColumnFamilyHandle identities = rocks.family(RocksStore.Family.IDENTITIES);
      putAndFlush(rocks.db(), identities, "u1");

      assertThat(rocks.db().getPropertiesOfAllTables(identities).values())
          .allSatisfy(
              table -> assertThat(table.getFilterPolicyName()).containsIgnoringCase("bloom"));
      assertThat(rocks.db().getOptions(identities).memtableWholeKeyFiltering()).isTrue();
      assertThat(rocks.db().get(identities, bytes("u1"))).isEqualTo(value("u1"));
      assertThat(rocks.db().get(identities, bytes("u2"))).isNull();
    }
  }

  @Test
  void aDataDirectoryWhoseIdentitiesWereCompressedStillOpensAndIsRewrittenUncompressed()
      throws Exception {
    writeIdentityWithCompression(CompressionType.LZ4_COMPRESSION, "u-old");

    try (RocksStore rocks = RocksStore.open(dir)) {
      ColumnFamilyHandle identities = rocks.family(RocksStore.Family.IDENTITIES);
      assertThat(compressionOf(rocks.db(), identities)).containsOnly("LZ4");
      assertThat(rocks.db().get(identities, bytes("u-old"))).isEqualTo(value("u-old"));

      putAndFlush(rocks.db(), identities, "u-new");
      try (CompactRangeOptions rewrite =
          new CompactRangeOptions()
              .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForce)) {
        rocks.db().compactRange(identities, null, null, rewrite); // no trivial move: rewritten
      }

      assertThat(compressionOf(rocks.db(), identities)).containsOnly("NoCompression");
      assertThat(rocks.db().get(identities, bytes("u-old"))).isEqualTo(value("u-old"));
      assertThat(rocks.db().get(identities, bytes("u-new"))).isEqualTo(value("u-new"));
    }
  }

  /** A data directory as an earlier version left it: every family with the same options. */
  private void writeIdentityWithCompression(CompressionType compression, String key)
      throws Exception {
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options =
            new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        ColumnFamilyOptions familyOptions =
            new ColumnFamilyOptions().setCompressionType(compression)) {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (String name : FAMILIES) {
        descriptors.add(new ColumnFamilyDescriptor(bytes(name), familyOptions));
      }
      try (RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
        putAndFlush(db, handles.get(FAMILIES.indexOf("identities")), key);
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }

  private static void putAndFlush(RocksDB db, ColumnFamilyHandle family, String key)
      throws Exception {
    db.put(family, bytes(key), value(key));
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, family);
    }
  }

  private static List<String> compressionOf(RocksDB db, ColumnFamilyHandle family)
      throws Exception {
    return db.getPropertiesOfAllTables(family).values().stream()
        .map(TableProperties::getCompressionName)
        .toList();
  }

  /** A value that would compress well: compression shows in the table's properties. */
  private static byte[] value(String key) {
    return bytes((key + ":").repeat(200));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
