package dev.matchlist.server.store;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void aRecordInTheFormerNamedKindFormatIsStillReadAndRebuiltIntoTheIndex() throws Exception {
    PersonIdentifier ann = email("ann@example.com");
    PersonIdentifier zip = new PersonIdentifier(IdentityKind.FN_LN_ZIP, Sha256.digest("x"));
    try (RocksStore rocks = RocksStore.open(dir)) {
      var family = rocks.family(RocksStore.Family.IDENTITIES);
      rocks.db().put(family, bytes("uann"), formatOne(7, List.of(ann, zip)));
      rocks.db().put(family, bytes("m:next-person"), ByteBuffer.allocate(4).putInt(8).array());
      rocks.db().put(family, bytes("m:identifiers"), ByteBuffer.allocate(8).putLong(2).array());
    }

    try (RocksStore rocks = RocksStore.open(dir)) {
      IdentityBase base = IdentityBase.open(new RocksIdentityStore(rocks));

      assertThat(base.personOf(IdentityKind.EMAIL, ann.hash(), 0)).isEqualTo(7);
      assertThat(base.personOf(IdentityKind.FN_LN_ZIP, zip.hash(), 0)).isEqualTo(7);
      assertThat(base.record("ann").orElseThrow().identifiers()).containsExactly(ann, zip);
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

  /** A record as format 1 stored it: version, person, count, then kind name and hash each. */
  private static byte[] formatOne(int person, List<PersonIdentifier> ids) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeInt(person);
      out.writeShort(ids.size());
      for (PersonIdentifier id : ids) {
        out.writeUTF(id.kind().name());
        out.write(id.hash());
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
