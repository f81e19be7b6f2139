package dev.matchlist.server.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The data directory's RocksDB: one database, one column family per kind of record, so that each
 * kind can be tuned, iterated and dropped on its own while writes across kinds stay atomic (one
 * {@link org.rocksdb.WriteBatch} can span families).
 *
 * <p>Not a general key-value API: the flow's stores ({@link IntakeLog}, ...) are built on it and
 * are what the rest of the server sees.
 */
public final class RocksStore implements AutoCloseable {
  /** The column families, in the order they are opened. */
  public enum Family {
    /** RocksDB's own; holds store metadata (format version, counters' floors). */
    META("default"),
    /** The durable intake log: accepted batches waiting to be applied. */
    INTAKE("intake"),
    /** Apps, ad accounts, tokens and audiences: small records, JSON-encoded. */
    CATALOG("catalog"),
    /** Upload sessions and their indexes, JSON-encoded; written with their batches. */
    SESSIONS("sessions"),
    /** The identity base: person → record (user id, identifier hashes), counters. */
    IDENTITIES("identities"),
    /**
     * The identity base's user id → person entries: apart from the records, so that their flushes
     * (user ids arrive in no key order) do not overlap the records' files (docs/storage.md).
     */
    IDENTITY_USERS("identity-users"),
    /** Audience membership, pending replaces, match reports and the matcher's checkpoint. */
    MEMBERSHIP("membership");

    private final String columnFamilyName;

    Family(String columnFamilyName) {
      this.columnFamilyName = columnFamilyName;
    }
  }

  static {
    RocksNativeLibrary.load();
  }

  /** 10 bits per key (~1 % false positives), shared by every store: never closed. */
  private static final BloomFilter KEY_FILTER = new BloomFilter(10, false);

  /** The share of a memtable given to its key filter. */
  private static final double MEMTABLE_FILTER_RATIO = 0.05;

  private final DBOptions dbOptions;
  private final List<ColumnFamilyOptions> familyOptions;
  private final List<ColumnFamilyHandle> handles;
  private final RocksDB db;
  private final WriteOptions syncWrites = new WriteOptions().setSync(true);

  private RocksStore(
      DBOptions dbOptions,
      List<ColumnFamilyOptions> familyOptions,
      List<ColumnFamilyHandle> handles,
      RocksDB db) {
    this.dbOptions = dbOptions;
    this.familyOptions = familyOptions;
    this.handles = handles;
    this.db = db;
  }

  /** Opens (creating if needed) the store in {@code directory}. */
  public static RocksStore open(Path directory) {
    DBOptions dbOptions =
        new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    List<ColumnFamilyOptions> familyOptions = new ArrayList<>();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (Family family : Family.values()) {
      ColumnFamilyOptions options = optionsOf(family);
      familyOptions.add(options);
      descriptors.add(
          new ColumnFamilyDescriptor(
              family.columnFamilyName.getBytes(StandardCharsets.UTF_8), options));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      RocksDB db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
      return new RocksStore(dbOptions, familyOptions, handles, db);
    } catch (RocksDBException | java.io.IOException e) {
      dbOptions.close();
      familyOptions.forEach(ColumnFamilyOptions::close);
      throw new StoreException("cannot open the store in " + directory + ": " + e.getMessage(), e);
    }
  }

  /**
   * The options a family is opened with. The identities family's values are SHA-256 hashes, which
   * no compressor shrinks: compressing them only costs flush and compaction CPU (−28 server
   * CPU-seconds of a 50 M-identifier load, BENCHMARKS.md). Compression is only set here, at open:
   * RocksJava cannot switch it at runtime. Files written compressed before stay readable (each
   * block records how it was written) and are rewritten uncompressed as compaction reaches them.
   *
   * <p>Every load request first asks for its users' stored records, and in a bulk load nearly all
   * are new: Bloom filters on the family's files and memtables answer "not there" without a search
   * (the look-up fell from 28 to 12 ms per request of 10,000 users, BENCHMARKS.md), for about 1.25
   * bytes per stored key. The user id entries are looked up the same way and get the same options.
   */
  private static ColumnFamilyOptions optionsOf(Family family) {
    ColumnFamilyOptions options = new ColumnFamilyOptions();
    if (family == Family.IDENTITIES || family == Family.IDENTITY_USERS) {
      options
          .setCompressionType(CompressionType.NO_COMPRESSION)
          .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(KEY_FILTER))
          .setMemtableWholeKeyFiltering(true)
          .setMemtablePrefixBloomSizeRatio(MEMTABLE_FILTER_RATIO);
    }
    return options;
  }

  RocksDB db() {
    return db;
  }

  ColumnFamilyHandle family(Family family) {
    return handles.get(family.ordinal());
  }

  /** Write options whose writes are on disk when the write returns. */
  WriteOptions syncWrites() {
    return syncWrites;
  }

  @Override
  public void close() {
    syncWrites.close();
    for (ColumnFamilyHandle handle : handles) {
      handle.close();
    }
    db.close();
    familyOptions.forEach(ColumnFamilyOptions::close);
    dbOptions.close();
  }
}
