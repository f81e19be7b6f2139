package dev.matchlist.server.matching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.Sha256;
import dev.matchlist.core.normalize.Normalizer;
import dev.matchlist.server.store.RocksIdentityStore;
import dev.matchlist.server.store.RocksStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityBaseTest {
  @TempDir Path dir;
  private RocksStore rocks;
  private IdentityBase base;

  @AfterEach
  void close() {
    if (rocks != null) {
      rocks.close();
    }
  }

  private IdentityBase open() {
    if (rocks != null) {
      rocks.close();
    }
    rocks = RocksStore.open(dir);
    base = IdentityBase.open(new RocksIdentityStore(rocks));
    return base;
  }

  private static PersonIdentifier email(String normalized) {
    return new PersonIdentifier(IdentityKind.EMAIL, Sha256.digest(normalized));
  }

  private static PersonIdentifier phone(String digits) {
    return new PersonIdentifier(IdentityKind.PHONE, Sha256.digest(digits));
  }

  private int personOf(PersonIdentifier id) {
    return base.personOf(id.kind(), id.hash(), 0);
  }

  @Test
  void newUsersGetDensePersonIdsFoundByTheirIdentifiers() {
    open();
    int ann = base.upsert("ann", List.of(email("ann@example.com"), phone("15550000001")));
    int bob = base.upsert("bob", List.of(email("bob@example.com")));

    assertThat(List.of(ann, bob)).containsExactly(0, 1);
    assertThat(personOf(phone("15550000001"))).isEqualTo(ann);
    assertThat(personOf(email("bob@example.com"))).isEqualTo(bob);
    assertThat(personOf(email("carl@example.com"))).isEqualTo(IdentityLookup.NO_PERSON);
    assertThat(base.userIdOf(bob)).contains("bob");
    assertThat(base.personOfUser("ann")).isEqualTo(ann);
    assertThat(base.personOfUser("carl")).isEqualTo(IdentityLookup.NO_PERSON);
  }

  @Test
  void aReadAheadOfUsersThatALaterWriteChangedIsBroughtUpToDateAtItsTurn() {
    open();
    base.upsert("ann", List.of(email("ann@example.com")));
    IdentityBase.StoredUsers readEarly = base.readStored(List.of("ann", "bob"));
    base.upsert("ann", List.of(email("ann@new.example.com"))); // written while the read waited
    int bob = base.upsert("bob", List.of(phone("15550000002")));

    Map<String, Integer> persons =
        base.upsertAll(
            Map.of("ann", List.of(phone("15550000001")), "bob", List.of(email("bob@example.com"))),
            readEarly);

    assertThat(persons).containsEntry("ann", 0).containsEntry("bob", bob);
    assertThat(personOf(email("ann@new.example.com"))).isEqualTo(IdentityLookup.NO_PERSON);
    assertThat(personOf(phone("15550000002"))).isEqualTo(IdentityLookup.NO_PERSON);
    assertThat(personOf(email("bob@example.com"))).isEqualTo(bob);
    assertThat(base.identifierCount()).isEqualTo(2);
    assertThat(base.personIdsAssigned()).isEqualTo(2);
  }

  @Test
  void aReadAheadThatFellBehindMoreWritesThanAreRememberedIsReadAgainWhole() {
    open();
    IdentityBase.StoredUsers readEarly = base.readStored(List.of("ann")); // empty base
    int ann = base.upsert("ann", List.of(email("ann@example.com")));
    for (int i = 0; i < 40; i++) {
      base.upsert("other-" + i, List.of(email("other" + i + "@example.com")));
    }

    assertThat(base.upsertAll(Map.of("ann", List.of(phone("15550000001"))), readEarly))
        .containsEntry("ann", ann);
    assertThat(personOf(email("ann@example.com"))).isEqualTo(IdentityLookup.NO_PERSON);
    assertThat(personOf(phone("15550000001"))).isEqualTo(ann);
    assertThat(base.identifierCount()).isEqualTo(41);
  }

  @Test
  void aReadAheadOfAUserDeletedSinceDoesNotBringItsFormerRecordBack() {
    open();
    int ann = base.upsert("ann", List.of(email("ann@example.com")));
    IdentityBase.StoredUsers readEarly = base.readStored(List.of("ann"));
    base.delete("ann");

    int again = base.upsertAll(Map.of("ann", List.of(phone("15550000001"))), readEarly).get("ann");

    assertThat(again).isNotEqualTo(ann); // a deleted person's id is never reused
    assertThat(base.identifierCount()).isEqualTo(1);
    open();
    assertThat(base.identifierCount()).isEqualTo(1);
    assertThat(personOf(phone("15550000001"))).isEqualTo(again);
  }

  @Test
  void reloadingAUserReplacesItsIdentifiersAndKeepsItsPerson() {
    open();
    int ann = base.upsert("ann", List.of(email("ann@example.com"), phone("15550000001")));
    int again = base.upsert("ann", List.of(email("ann@new.example.com"), phone("15550000001")));

    assertThat(again).isEqualTo(ann);
    assertThat(personOf(email("ann@example.com"))).isEqualTo(IdentityLookup.NO_PERSON);
    assertThat(personOf(email("ann@new.example.com"))).isEqualTo(ann);
    assertThat(personOf(phone("15550000001"))).isEqualTo(ann);
    assertThat(base.identifierCount()).isEqualTo(2);
  }

  @Test
  void deletingAUserReturnsItsPersonAndForgetsItsIdentifiers() {
    open();
    int ann = base.upsert("ann", List.of(email("ann@example.com")));

    assertThat(base.delete("ann")).isEqualTo(ann);
    assertThat(personOf(email("ann@example.com"))).isEqualTo(IdentityLookup.NO_PERSON);
    assertThat(base.userIdOf(ann)).isEmpty();
    assertThat(base.personOfUser("ann")).isEqualTo(IdentityLookup.NO_PERSON);
    assertThat(base.delete("ann")).isEqualTo(IdentityLookup.NO_PERSON);
  }

  @Test
  void aRestartRebuildsTheSameIndexAndKeepsPersonIdsStable() {
    open();
    int ann = base.upsert("ann", List.of(email("ann@example.com"), phone("15550000001")));
    int bob = base.upsert("bob", List.of(email("bob@example.com")));
    base.upsert("carl", List.of(email("carl@example.com")));
    base.delete("carl");
    base.upsert("ann", List.of(email("ann@example.com")));

    open();

    assertThat(personOf(email("ann@example.com"))).isEqualTo(ann);
    assertThat(personOf(phone("15550000001"))).isEqualTo(IdentityLookup.NO_PERSON);
    assertThat(personOf(email("bob@example.com"))).isEqualTo(bob);
    assertThat(personOf(email("carl@example.com"))).isEqualTo(IdentityLookup.NO_PERSON);
    assertThat(base.identifierCount()).isEqualTo(2);
    assertThat(base.upsert("dora", List.of(email("dora@example.com"))))
        .as("person ids are never reused, not even a deleted user's")
        .isEqualTo(3);
  }

  @Test
  void afterARestartEveryStoredUserIsFoundAgainAndKeepsItsPerson() {
    open();
    // more users than the store decodes in one chunk at a rebuild (2,048), over several batches
    for (int batch = 0; batch < 5; batch++) {
      Map<String, List<PersonIdentifier>> users = new java.util.LinkedHashMap<>();
      for (int i = 0; i < 1_000; i++) {
        String user = "u" + (1_000 * batch + i);
        users.put(user, List.of(email(user + "@example.com")));
      }
      base.upsertAll(users);
    }

    open();
    Map<String, List<PersonIdentifier>> reloaded = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 5_000; i++) {
      reloaded.put("u" + i, List.of(email("u" + i + "@new.example.com")));
    }
    Map<String, Integer> persons = base.upsertAll(reloaded);

    for (int i = 0; i < 5_000; i++) {
      assertThat(persons.get("u" + i)).as("u" + i).isEqualTo(i);
    }
    assertThat(base.personIdsAssigned()).isEqualTo(5_000);
    assertThat(base.identifierCount()).isEqualTo(5_000);
    assertThat(personOf(email("u42@example.com"))).isEqualTo(IdentityLookup.NO_PERSON);
  }

  @Test
  void anIdentifierLoadedForAnotherUserMovesToItEvenAcrossARestart() {
    open();
    int ann = base.upsert("ann", List.of(email("shared@example.com"), phone("15550000001")));
    int bob = base.upsert("bob", List.of(email("shared@example.com")));

    assertThat(personOf(email("shared@example.com"))).isEqualTo(bob);
    assertThat(base.record("ann").orElseThrow().identifiers())
        .containsExactly(phone("15550000001"));
    base.delete("ann"); // must not take the shared email away from bob
    assertThat(personOf(email("shared@example.com"))).isEqualTo(bob);

    open();
    assertThat(personOf(email("shared@example.com"))).isEqualTo(bob);
    assertThat(personOf(phone("15550000001"))).isEqualTo(IdentityLookup.NO_PERSON);
    assertThat(ann).isNotEqualTo(bob);
  }

  @Test
  void aBatchLoadAssignsPersonsInOrderAndALaterUserTakesASharedIdentifier() {
    open();
    base.upsert("zoe", List.of(email("zoe@example.com"), phone("15550000009")));
    Map<String, List<PersonIdentifier>> users = new java.util.LinkedHashMap<>();
    users.put("ann", List.of(email("ann@example.com"), phone("15550000009")));
    users.put("bob", List.of(email("bob@example.com"), email("ann@example.com")));
    users.put("zoe", List.of(email("zoe@example.com")));

    Map<String, Integer> persons = base.upsertAll(users);

    assertThat(persons)
        .containsExactly(Map.entry("ann", 1), Map.entry("bob", 2), Map.entry("zoe", 0));
    assertThat(personOf(email("ann@example.com"))).isEqualTo(2);
    assertThat(personOf(phone("15550000009"))).isEqualTo(1);
    assertThat(base.record("ann").orElseThrow().identifiers())
        .containsExactly(phone("15550000009"));
    assertThat(base.identifierCount()).isEqualTo(4);
    open();
    assertThat(personOf(email("ann@example.com"))).isEqualTo(2);
    assertThat(personOf(phone("15550000009"))).isEqualTo(1);
    assertThat(personOf(email("zoe@example.com"))).isEqualTo(0);
    assertThat(base.identifierCount()).isEqualTo(4);
  }

  @Test
  void theDataDirectoryHoldsHashesButNeverTheRawEmails() throws IOException {
    open();
    Normalizer normalizer = Normalizer.builder().defaultRegion("US").build();
    List<String> emails = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String raw = "Private.Person" + i + "@Example.org";
      emails.add(raw);
      PersonRow row =
          PersonRow.of(
              "customer-" + i,
              Map.of(SchemaKey.EMAIL, raw, SchemaKey.PHONE, "(555) 010-" + (1000 + i)));
      base.upsert(row.userId(), row.identifiers(normalizer).identifiers());
    }
    byte[] whileOpen = allBytes(dir);
    rocks.close();
    rocks = null;
    byte[] afterClose = allBytes(dir);

    for (byte[] files : List.of(whileOpen, afterClose)) {
      String text = new String(files, StandardCharsets.ISO_8859_1);
      // Positive controls: the scan does see what is stored (user ids, hash bytes).
      assertThat(text).contains("customer-7");
      assertThat(text).contains(latin1(Sha256.digest("private.person7@example.org")));
      for (String raw : emails) {
        assertThat(text).doesNotContain(raw).doesNotContain(raw.toLowerCase());
      }
      assertThat(text).doesNotContain("5550101007");
    }
  }

  private static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static byte[] allBytes(Path root) throws IOException {
    var out = new java.io.ByteArrayOutputStream();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.write(Files.readAllBytes(file));
      }
    }
    return out.toByteArray();
  }

  @Test
  void anIdentifierRepeatedInOneUserIsStoredAndCountedOnce() {
    open();
    base.upsert("ann", List.of(email("ann@example.com"), email("ann@example.com")));

    assertThat(base.record("ann").orElseThrow().identifiers())
        .containsExactly(email("ann@example.com"));
    assertThat(base.identifierCount()).isEqualTo(1);
  }

  @Test
  void aStoredOwnerThatAppearsLaterInTheBatchKeepsWhatItReloads() {
    open();
    base.upsert("ann", List.of(email("shared@example.com"), phone("15550000001")));
    int ann = base.personOfUser("ann");
    Map<String, List<PersonIdentifier>> users = new java.util.LinkedHashMap<>();
    users.put("bob", List.of(email("shared@example.com")));
    users.put("ann", List.of(phone("15550000001"), email("ann@example.com")));

    Map<String, Integer> persons = base.upsertAll(users);

    assertThat(personOf(email("shared@example.com"))).isEqualTo(persons.get("bob"));
    assertThat(personOf(email("ann@example.com"))).isEqualTo(ann);
    assertThat(personOf(phone("15550000001"))).isEqualTo(ann);
    assertThat(base.identifierCount()).isEqualTo(3);
    open();
    assertThat(personOf(email("shared@example.com"))).isEqualTo(persons.get("bob"));
    assertThat(base.record("ann").orElseThrow().identifiers())
        .containsExactlyInAnyOrder(phone("15550000001"), email("ann@example.com"));
    assertThat(base.identifierCount()).isEqualTo(3);
  }

  @Test
  void aSecondBatchFindsTheUsersOfTheFirstInsteadOfCreatingNewPeople() {
    open();
    base.upsertAll(Map.of("ann", List.of(email("ann@example.com"))));

    Map<String, Integer> persons =
        base.upsertAll(Map.of("ann", List.of(email("ann@new.example.com"))));

    assertThat(persons).containsExactly(Map.entry("ann", 0));
    assertThat(base.personIdsAssigned()).isEqualTo(1);
    assertThat(personOf(email("ann@example.com"))).isEqualTo(IdentityLookup.NO_PERSON);
    assertThat(personOf(email("ann@new.example.com"))).isZero();
  }

  @Test
  void reservingRoomForABulkLoadGrowsTheIndexOnlyOnce() {
    open();
    base.reserve(1_000, 1_000);
    int reserved = base.identifierCapacity();
    for (int i = 0; i < 10; i++) {
      Map<String, List<PersonIdentifier>> users = new java.util.LinkedHashMap<>();
      for (int j = 0; j < 100; j++) {
        users.put("u" + (100 * i + j), List.of(email("u" + (100 * i + j) + "@example.com")));
      }
      base.upsertAll(users);
    }

    assertThat(reserved).isGreaterThanOrEqualTo(1_000).isLessThan(1_100);
    assertThat(base.identifierCapacity()).isEqualTo(reserved);
    assertThat(base.identifierCount()).isEqualTo(1_000);
  }
}
