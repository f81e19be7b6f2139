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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksIterator;

class RocksIdentityStoreTest {
  @TempDir Path dir;

  private static PersonIdentifier email(String normalized) {
    return new PersonIdentifier(IdentityKind.EMAIL, Sha256.digest(normalized));
  }

  @Test
  void theIdentitiesFamilyGetsBigMemtablesAndTheOtherFamiliesKeepTheirs() throws Exception {
    try (RocksStore rocks = RocksStore.open(dir)) {
      new RocksIdentityStore(rocks);

      var identities = rocks.db().getOptions(rocks.family(RocksStore.Family.IDENTITIES));
      var others = rocks.db().getOptions(rocks.family(RocksStore.Family.INTAKE));
      assertThat(identities.writeBufferSize()).isEqualTo(128L << 20);
      assertThat(identities.maxBytesForLevelBase()).isEqualTo(512L << 20);
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
      assertThat(keyPrefixes(rocks))
          .containsExactly("m:identifiers", "m:layout", "m:next-person", "r", "u");
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

    try (RocksStore rocks = RocksStore.open(dir)) {
      IdentityBase base = IdentityBase.open(new RocksIdentityStore(rocks));

      assertThat(base.identifierCount()).isEqualTo(users);
      for (int u = 0; u < users; u++) {
        int person = users - 1 - u;
        assertThat(base.personOf(IdentityKind.EMAIL, Sha256.digest("user" + u + "@example.com"), 0))
            .isEqualTo(person);
        assertThat(base.userIdOf(person)).contains("user-" + u);
        assertThat(base.personOfUser("user-" + u)).isEqualTo(person);
      }
      assertThat(keyPrefixes(rocks)).doesNotContain("p");
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
      assertThat(rocks.db().get(family, bytes("umia"))).containsExactly(0, 0, 0, 2);
    }
  }

  @Test
  void aBaseOfANewerLayoutIsRefusedRatherThanMisread() throws Exception {
    try (RocksStore rocks = RocksStore.open(dir)) {
      rocks.db().put(rocks.family(RocksStore.Family.IDENTITIES), bytes("m:layout"), new byte[] {4});

      assertThatThrownBy(() -> new RocksIdentityStore(rocks))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("layout 4");
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

  private static byte[] personKey(int person) {
    return ByteBuffer.allocate(5).put((byte) 'p').putInt(person).array();
  }

  private static byte[] recordKey(int person) {
    return ByteBuffer.allocate(5).put((byte) 'r').putInt(person).array();
  }

  /**
   * The distinct kinds of key in the identities family: the meta keys whole, others' first byte.
   */
  private static Set<String> keyPrefixes(RocksStore rocks) {
    Set<String> prefixes = new TreeSet<>();
    try (RocksIterator it = rocks.db().newIterator(rocks.family(RocksStore.Family.IDENTITIES))) {
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
