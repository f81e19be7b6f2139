package dev.matchlist.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.matchlist.core.Sha256;
import dev.matchlist.server.matching.IdentityBase;
import dev.matchlist.server.matching.IdentityKind;
import dev.matchlist.server.matching.IdentityRecord;
import dev.matchlist.server.matching.PersonIdentifier;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LiveFileMetaData;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

class RocksIdentityStoreTest {
  @TempDir Path dir;

  private static PersonIdentifier email(String normalized) {
    return new PersonIdentifier(IdentityKind.EMAIL, Sha256.digest(normalized));
  }

  @Test
  void theIdentityFamiliesGetBigMemtablesAndTheOtherFamiliesKeepTheirs() throws Exception {
    try (RocksStore rocks = RocksStore.open(dir)) {
      new RocksIdentityStore(rocks);

      var identities = rocks.db().getOptions(rocks.family(RocksStore.Family.IDENTITIES));
      var users = rocks.db().getOptions(rocks.family(RocksStore.Family.IDENTITY_USERS));
      var others = rocks.db().getOptions(rocks.family(RocksStore.Family.INTAKE));
      assertThat(identities.writeBufferSize()).isEqualTo(128L << 20);
      assertThat(identities.maxBytesForLevelBase()).isEqualTo(512L << 20);
      assertThat(users.writeBufferSize()).isEqualTo(128L << 20);
      assertThat(users.maxBytesForLevelBase()).isEqualTo(512L << 20);
      assertThat(others.writeBufferSize()).isEqualTo(64L << 20);
    }
  }

  @Test
  void aRecordInTheFormerNamedKindFormatIsMigratedAtOpenAndRebuiltIntoTheIndex() throws Exception {
    PersonIdentifier ann = email("ann@example.com");
    PersonIdentifier zip = new PersonIdentifier(IdentityKind.FN_LN_ZIP, Sha256.digest("x"));
    try (RocksStore rocks = RocksStore.open(dir)) {
      var family = rocks.family(RocksStore.Family.IDENTITIES);
      rocks.db().put(family, bytes("uann"), formerRecord(1, 7, List.of(ann, zip)));
      rocks.db().put(family, personKey(7), bytes("ann"));
      rocks.db().put(family, bytes("m:next-person"), ByteBuffer.allocate(4).putInt(8).array());
      rocks.db().put(family, bytes("m:identifiers"), ByteBuffer.allocate(8).putLong(2).array());
    }

    try (RocksStore rocks = RocksStore.open(dir)) {
      IdentityBase base = IdentityBase.open(new RocksIdentityStore(rocks));

      assertThat(base.personOf(IdentityKind.EMAIL, ann.hash(), 0)).isEqualTo(7);
      assertThat(base.personOf(IdentityKind.FN_LN_ZIP, zip.hash(), 0)).isEqualTo(7);
      assertThat(base.record("ann").orElseThrow().identifiers()).containsExactly(ann, zip);
      assertThat(base.userIdOf(7)).contains("ann");
      assertThat(base.personOfUser("ann")).isEqualTo(7);
      assertThat(keyPrefixes(rocks, RocksStore.Family.IDENTITIES)).containsExactly("m:layout", "r");
      assertThat(keyPrefixes(rocks, RocksStore.Family.IDENTITY_USERS))
          .containsExactly("m:identifiers", "m:next-person", "u");
      assertThat(layoutOf(rocks)).isEqualTo(4);
    }
  }

  @Test
  void aFormatTwoBaseIsMigratedInStepsAndAnInterruptedMigrationCompletesAtTheNextOpen()
      throws Exception {
    int users = 25_000; // more than two migration steps
    try (RocksStore rocks = RocksStore.open(dir)) {
      var family = rocks.family(RocksStore.Family.IDENTITIES);
      for (int u = 0; u < users; u++) {
        // person ids unrelated to the user ids' order, as after deletes and re-loads
        int person = users - 1 - u;
        byte[] record =
            u % 3 == 0 && u < users / 2
                ? null // migrated by an earlier run that stopped half-way: already layout 3
                : formerRecord(2, person, List.of(email("user" + u + "@example.com")));
        if (record == null) {
          byte[] value =
              IdentityRecordCodec.encode(
                  new IdentityRecord(
                      "user-" + u, person, List.of(email("user" + u + "@example.com"))));
          rocks.db().put(family, recordKey(person), value);
          rocks.db().put(family, personKey(person), bytes("user-" + u)); // removed at the end
          rocks
              .db()
              .put(family, bytes("uuser-" + u), ByteBuffer.allocate(4).putInt(person).array());
        } else {
          rocks.db().put(family, bytes("uuser-" + u), record);
          rocks.db().put(family, personKey(person), bytes("user-" + u));
        }
      }
      rocks.db().put(family, bytes("m:next-person"), ByteBuffer.allocate(4).putInt(users).array());
      rocks.db().put(family, bytes("m:identifiers"), ByteBuffer.allocate(8).putLong(users).array());
    }
    try (RocksStore rocks = RocksStore.open(dir)) { // this migration too stops after one step
      migrateOneStep(rocks);
      assertThat(userEntries(rocks, RocksStore.Family.IDENTITY_USERS))
          .isEqualTo(IdentityLayoutMigration.ENTRIES_PER_STEP);
    }

    try (RocksStore rocks = RocksStore.open(dir)) {
      IdentityBase base = IdentityBase.open(new RocksIdentityStore(rocks));

      assertThat(base.identifierCount()).isEqualTo(users);
      assertEveryUserFound(base, users);
      assertThat(keyPrefixes(rocks, RocksStore.Family.IDENTITIES)).doesNotContain("p", "u");
      assertThat(layoutOf(rocks)).isEqualTo(4);
    }
    try (RocksStore rocks = RocksStore.open(dir)) { // migrated once: opens as it is
      IdentityBase base = IdentityBase.open(new RocksIdentityStore(rocks));
      base.upsert("user-7", List.of(email("seven@example.com")));
      assertThat(base.record("user-7").orElseThrow().person()).isEqualTo(users - 1 - 7);
      assertThat(base.personOf(IdentityKind.EMAIL, Sha256.digest("user7@example.com"), 0))
          .isEqualTo(IdentityBase.NO_PERSON);
    }
  }

  @Test
  void aLayoutThreeBaseMovesItsUserEntriesInStepsAndAMigrationStoppedBetweenStepsEndsAtNextOpen()
      throws Exception {
    int users = 2 * IdentityLayoutMigration.ENTRIES_PER_STEP + 5_000; // three steps
    writeLayoutThreeBase(users);

    try (RocksStore rocks = RocksStore.open(dir)) { // as if killed after the first step
      migrateOneStep(rocks);
      assertThat(userEntries(rocks, RocksStore.Family.IDENTITY_USERS))
          .isEqualTo(IdentityLayoutMigration.ENTRIES_PER_STEP);
      assertThat(userEntries(rocks, RocksStore.Family.IDENTITIES))
          .isEqualTo(users - IdentityLayoutMigration.ENTRIES_PER_STEP);
      assertThat(layoutOf(rocks)).isEqualTo(3);
    }

    try (RocksStore rocks = RocksStore.open(dir)) {
      IdentityBase base = IdentityBase.open(new RocksIdentityStore(rocks));

      assertThat(layoutOf(rocks)).isEqualTo(4);
      assertThat(userEntries(rocks, RocksStore.Family.IDENTITIES)).isZero();
      assertThat(userEntries(rocks, RocksStore.Family.IDENTITY_USERS)).isEqualTo(users);
      assertThat(base.identifierCount()).isEqualTo(users);
      assertEveryUserFound(base, users);
      Map<String, List<PersonIdentifier>> load = new LinkedHashMap<>();
      load.put("new-user", List.of(email("new@example.com")));
      load.put("user-1", List.of(email("one@example.com"))); // replaces its identifiers
      base.upsertAll(load);
      base.delete("user-2");
    }

    try (RocksStore rocks = RocksStore.open(dir)) { // layout 4 now: opens as it is
      IdentityBase base = IdentityBase.open(new RocksIdentityStore(rocks));

      assertThat(base.personOfUser("new-user")).isEqualTo(users);
      assertThat(base.personOf(IdentityKind.EMAIL, Sha256.digest("new@example.com"), 0))
          .isEqualTo(users);
      assertThat(base.personOfUser("user-1")).isEqualTo(users - 2);
      assertThat(base.personOf(IdentityKind.EMAIL, Sha256.digest("one@example.com"), 0))
          .isEqualTo(users - 2);
      assertThat(base.personOf(IdentityKind.EMAIL, Sha256.digest("user1@example.com"), 0))
          .isEqualTo(IdentityBase.NO_PERSON);
      assertThat(base.personOfUser("user-2")).isEqualTo(IdentityBase.NO_PERSON);
      assertThat(base.userIdOf(users - 3)).isEmpty();
      assertThat(base.identifierCount()).isEqualTo(users); // one new, one deleted
      assertThat(userEntries(rocks, RocksStore.Family.IDENTITIES)).isZero();
      assertThat(userEntries(rocks, RocksStore.Family.IDENTITY_USERS)).isEqualTo(users);
    }
  }

  @Test
  void recordsAreKeyedByPersonSoThatANewLoadWritesThemInKeyOrder() throws Exception {
    try (RocksStore rocks = RocksStore.open(dir)) {
      IdentityBase base = IdentityBase.open(new RocksIdentityStore(rocks));
      Map<String, List<PersonIdentifier>> batch = new LinkedHashMap<>();
      for (String user : List.of("zoe", "ann", "mia")) {
        batch.put(user, List.of(email(user + "@example.com")));
      }
      base.upsertAll(batch);

      var family = rocks.family(RocksStore.Family.IDENTITIES);
      List<String> recordOwners = new ArrayList<>();
      try (RocksIterator it = rocks.db().newIterator(family)) {
        for (it.seek(bytes("r")); it.isValid() && it.key()[0] == 'r'; it.next()) {
          int person = ByteBuffer.wrap(it.key()).getInt(1);
          recordOwners.add(person + "=" + IdentityRecordCodec.userId(person, it.value()));
        }
      }
      assertThat(recordOwners).containsExactly("0=zoe", "1=ann", "2=mia");
      var users = rocks.family(RocksStore.Family.IDENTITY_USERS);
      assertThat(rocks.db().get(users, bytes("umia"))).containsExactly(0, 0, 0, 2);
      assertThat(rocks.db().get(family, bytes("umia"))).isNull();
    }
  }

  @Test
  void theRecordFilesOfSuccessiveLoadsDoNotOverlapSoCompactionCanMoveThem() throws Exception {
    try (RocksStore rocks = RocksStore.open(dir);
        FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      IdentityBase base = IdentityBase.open(new RocksIdentityStore(rocks));
      var records = rocks.family(RocksStore.Family.IDENTITIES);
      for (int load = 0; load < 3; load++) {
        Map<String, List<PersonIdentifier>> batch = new LinkedHashMap<>();
        for (int u = 0; u < 100; u++) {
          String user = "user-" + (100 * load + u * 37 % 100); // new users in no key order
          batch.put(user, List.of(email(user + "@example.com")));
        }
        base.upsertAll(batch);
        rocks.db().flush(flush, records);
      }

      List<LiveFileMetaData> files =
          rocks.db().getLiveFilesMetaData().stream()
              .filter(file -> new String(file.columnFamilyName()).equals("identities"))
              .sorted((a, b) -> Arrays.compareUnsigned(a.smallestKey(), b.smallestKey()))
              .toList();
      assertThat(files).hasSize(3);
      for (int i = 1; i < files.size(); i++) {
        assertThat(
                Arrays.compareUnsigned(files.get(i - 1).largestKey(), files.get(i).smallestKey()))
            .as("file %d ends before file %d starts", i - 1, i)
            .isNegative();
      }
    }
  }

  @Test
  void aBaseOfANewerLayoutIsRefusedRatherThanMisread() throws Exception {
    try (RocksStore rocks = RocksStore.open(dir)) {
      rocks.db().put(rocks.family(RocksStore.Family.IDENTITIES), bytes("m:layout"), new byte[] {5});

      assertThatThrownBy(() -> new RocksIdentityStore(rocks))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("layout 5");
    }
  }

  @Test
  void aReopenedBaseFindsEveryIdentifierOfManyRebuildChunks() {
    int users = 5_000; // more than two chunks of records
    try (RocksStore rocks = RocksStore.open(dir)) {
      IdentityBase base = IdentityBase.open(new RocksIdentityStore(rocks));
      Map<String, List<PersonIdentifier>> batch = new LinkedHashMap<>();
      for (int u = 0; u < users; u++) {
        batch.put(
            "user-" + u,
            List.of(
                email("user" + u + "@example.com"),
                new PersonIdentifier(IdentityKind.PHONE, Sha256.digest("1555" + u))));
      }
      base.upsertAll(batch);
    }

    try (RocksStore rocks = RocksStore.open(dir)) {
      IdentityBase base = IdentityBase.open(new RocksIdentityStore(rocks));

      assertThat(base.identifierCount()).isEqualTo(2L * users);
      for (int u = 0; u < users; u++) {
        assertThat(base.personOf(IdentityKind.EMAIL, Sha256.digest("user" + u + "@example.com"), 0))
            .isEqualTo(u);
        assertThat(base.personOf(IdentityKind.PHONE, Sha256.digest("1555" + u), 0)).isEqualTo(u);
      }
    }
  }

  @Test
  void byUsersReturnsTheStoredRecordsOfKnownUsersOnly() {
    try (RocksStore rocks = RocksStore.open(dir)) {
      RocksIdentityStore store = new RocksIdentityStore(rocks);
      IdentityRecord ann = new IdentityRecord("ann", 0, List.of(email("ann@example.com")));
      IdentityRecord bob = new IdentityRecord("bob", 1, List.of(email("bob@example.com")));
      store.commit(List.of(ann, bob), List.of(), 2, 2);

      assertThat(store.byUsers(List.of("bob", "nobody", "ann")))
          .containsOnly(Map.entry("ann", ann), Map.entry("bob", bob));
    }
  }

  /**
   * A record as format 1 or 2 stored it under its user id: version, person, count, then per
   * identifier its kind (format 1: its name; format 2: its code, EMAIL = 2) and hash.
   */
  private static byte[] formerRecord(int format, int person, List<PersonIdentifier> ids)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(format);
      out.writeInt(person);
      out.writeShort(ids.size());
      for (PersonIdentifier id : ids) {
        if (format == 1) {
          out.writeUTF(id.kind().name());
        } else {
          out.writeByte(id.kind() == IdentityKind.EMAIL ? 2 : 7); // EMAIL, FN_LN_ZIP
        }
        out.write(id.hash());
      }
    }
    return bytes.toByteArray();
  }

  /**
   * A data directory as layout 3 left it, before the identity-users family existed: user {@code
   * user-u} is person {@code users - 1 - u} with one email, its record under {@code r<person>} and
   * its person under {@code u<user id>}, both in the identities family.
   */
  private void writeLayoutThreeBase(int users) throws Exception {
    List<String> families =
        List.of("default", "intake", "catalog", "sessions", "identities", "membership");
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options =
            new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        ColumnFamilyOptions familyOptions = new ColumnFamilyOptions()) {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (String name : families) {
        descriptors.add(new ColumnFamilyDescriptor(bytes(name), familyOptions));
      }
      try (RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
          WriteBatch writes = new WriteBatch()) {
        ColumnFamilyHandle family = handles.get(families.indexOf("identities"));
        for (int u = 0; u < users; u++) {
          int person = users - 1 - u;
          IdentityRecord record =
              new IdentityRecord("user-" + u, person, List.of(email("user" + u + "@example.com")));
          writes.put(family, recordKey(person), IdentityRecordCodec.encode(record));
          writes.put(family, bytes("uuser-" + u), ByteBuffer.allocate(4).putInt(person).array());
        }
        writes.put(family, bytes("m:next-person"), ByteBuffer.allocate(4).putInt(users).array());
        writes.put(family, bytes("m:identifiers"), ByteBuffer.allocate(8).putLong(users).array());
        writes.put(family, bytes("m:layout"), new byte[] {3});
        db.write(new WriteOptions(), writes);
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }

  /** Runs the migration for one step and stops, as a process killed after that step would. */
  private static void migrateOneStep(RocksStore rocks) throws Exception {
    IdentityLayoutMigration.run(
        rocks.db(),
        rocks.family(RocksStore.Family.IDENTITIES),
        rocks.family(RocksStore.Family.IDENTITY_USERS),
        rocks.syncWrites(),
        bytes("m:layout"),
        RocksIdentityStore.LAYOUT,
        1);
  }

  /** User {@code user-u} is person {@code users - 1 - u} with the email {@code user<u>@...}. */
  private static void assertEveryUserFound(IdentityBase base, int users) {
    for (int u = 0; u < users; u++) {
      int person = users - 1 - u;
      assertThat(base.personOf(IdentityKind.EMAIL, Sha256.digest("user" + u + "@example.com"), 0))
          .isEqualTo(person);
      assertThat(base.userIdOf(person)).contains("user-" + u);
      assertThat(base.personOfUser("user-" + u)).isEqualTo(person);
    }
  }

  /** How many {@code u<user id>} entries a family holds. */
  private static int userEntries(RocksStore rocks, RocksStore.Family family) {
    int count = 0;
    try (RocksIterator it = rocks.db().newIterator(rocks.family(family))) {
      for (it.seek(bytes("u")); it.isValid() && it.key()[0] == 'u'; it.next()) {
        count++;
      }
    }
    return count;
  }

  private static byte[] personKey(int person) {
    return ByteBuffer.allocate(5).put((byte) 'p').putInt(person).array();
  }

  private static byte[] recordKey(int person) {
    return ByteBuffer.allocate(5).put((byte) 'r').putInt(person).array();
  }

  private static int layoutOf(RocksStore rocks) throws Exception {
    return rocks.db().get(rocks.family(RocksStore.Family.IDENTITIES), bytes("m:layout"))[0];
  }

  /** The distinct kinds of key in a family: the meta keys whole, others' first byte. */
  private static Set<String> keyPrefixes(RocksStore rocks, RocksStore.Family family) {
    Set<String> prefixes = new TreeSet<>();
    try (RocksIterator it = rocks.db().newIterator(rocks.family(family))) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        prefixes.add(
            key[0] == 'm'
                ? new String(key, StandardCharsets.UTF_8)
                : new String(key, 0, 1, StandardCharsets.UTF_8));
      }
    }
    return prefixes;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
