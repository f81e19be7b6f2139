package dev.matchlist.server.matching;

import static dev.matchlist.server.matching.MatcherFixture.emails;
import static dev.matchlist.server.matching.MatcherFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.server.intake.Operation;
import dev.matchlist.server.matching.MatcherFixture.MapIdentities;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

class MatcherTest {
  @TempDir Path dir;

  private final MapIdentities identities =
      new MapIdentities()
          .with(IdentityKind.EMAIL, "ann@example.com", 1)
          .with(IdentityKind.EMAIL, "bob@example.com", 2)
          .with(IdentityKind.EMAIL, "cy@example.com", 3)
          .with(IdentityKind.PHONE, "15550001111", 7);

  private static int[] members(Membership membership, String audience) {
    return toArray(membership.members(audience));
  }

  private static int[] toArray(AudienceMembers members) {
    RoaringBitmap copy = new RoaringBitmap();
    members.people().forEach((org.roaringbitmap.IntConsumer) copy::add);
    return copy.toArray();
  }

  @Test
  void addPutsTheMatchedPeopleInTheAudienceAndCountsUnmatchedRowsOnly() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      f.upload(
          "acc",
          "aud",
          Operation.ADD,
          11,
          emails("ann@example.com", "zed@example.com", "bob@example.com"));

      f.matcher.applyAll();

      assertThat(members(f.membership, "aud")).containsExactly(1, 2);
      MatchReport report = f.membership.matchReport("acc", 11).orElseThrow();
      assertThat(report.validRows()).isEqualTo(3);
      assertThat(report.matchedRows()).isEqualTo(2);
      assertThat(report.matchesByKind()).isEqualTo(Map.of(IdentityKind.EMAIL, 2L));
      assertThat(report.matchedShareBucket()).isEqualTo(60);
    }
  }

  @Test
  void removeTakesThePeopleOutOfTheAudience() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      f.upload("acc", "aud", Operation.ADD, 11, emails("ann@example.com", "bob@example.com"));
      f.upload("acc", "aud", Operation.REMOVE, 12, emails("ann@example.com", "cy@example.com"));

      f.matcher.applyAll();

      assertThat(members(f.membership, "aud")).containsExactly(2);
    }
  }

  @Test
  void aRowWhoseEmailAndPhoneNameDifferentPeopleGoesToTheEmailPerson() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      f.upload(
          "acc",
          "aud",
          Operation.ADD,
          11,
          rows(
              List.of(SchemaKey.PHONE, SchemaKey.EMAIL),
              new String[] {"15550001111", "cy@example.com"}));

      f.matcher.applyAll();

      assertThat(members(f.membership, "aud")).containsExactly(3);
      assertThat(f.membership.matchReport("acc", 11).orElseThrow().matchesByKind())
          .isEqualTo(Map.of(IdentityKind.EMAIL, 1L));
    }
  }

  @Test
  void aLowerPriorityIdentifierMatchesWhenTheHigherOneIsUnknownOrAbsent() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      f.upload(
          "acc",
          "aud",
          Operation.ADD,
          11,
          rows(
              List.of(SchemaKey.EMAIL, SchemaKey.PHONE),
              new String[] {"nobody@example.com", "15550001111"},
              new String[] {null, "15550001111"}));

      f.matcher.applyAll();

      assertThat(members(f.membership, "aud")).containsExactly(7);
      assertThat(f.membership.matchReport("acc", 11).orElseThrow().matchesByKind())
          .isEqualTo(Map.of(IdentityKind.PHONE, 2L));
    }
  }

  @Test
  void aCombinationOfWeakKeysMatchesOnlyWhenAllItsComponentsArePresent() {
    identities.withComposite(IdentityKind.FN_LN_ZIP, 9, "dana", "smith", "94110");
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      f.upload(
          "acc",
          "aud",
          Operation.ADD,
          11,
          rows(
              List.of(SchemaKey.ZIP, SchemaKey.LN, SchemaKey.FN),
              new String[] {"94110", "smith", "dana"},
              new String[] {null, "smith", "dana"}));

      f.matcher.applyAll();

      assertThat(members(f.membership, "aud")).containsExactly(9);
      MatchReport report = f.membership.matchReport("acc", 11).orElseThrow();
      assertThat(report.matchedRows()).isEqualTo(1);
      assertThat(report.matchesByKind()).isEqualTo(Map.of(IdentityKind.FN_LN_ZIP, 1L));
    }
  }

  @Test
  void aReplaceKeepsTheOldMembersUntilItsLastBatchThenSwapsThemAllAtOnce() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      f.upload("acc", "aud", Operation.ADD, 11, emails("ann@example.com", "bob@example.com"));
      f.upload("acc", "aud", Operation.REPLACE, 20, 1, false, 1, emails("cy@example.com"));
      f.matcher.applyAll();

      assertThat(members(f.membership, "aud")).containsExactly(1, 2);

      f.upload("acc", "aud", Operation.REPLACE, 20, 2, true, 1, emails("bob@example.com"));
      f.matcher.applyAll();

      assertThat(members(f.membership, "aud")).containsExactly(2, 3);
      assertThat(f.membership.pendingReplaces()).isEmpty();
    }
  }

  @Test
  void aReplaceClosedByItsWindowSwapsWhenTheMatcherIsNextIdle() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      f.upload("acc", "aud", Operation.ADD, 11, emails("ann@example.com"));
      f.upload("acc", "aud", Operation.REPLACE, 20, 1, false, 1, emails("cy@example.com"));
      f.matcher.applyAll();
      assertThat(members(f.membership, "aud")).containsExactly(1);

      f.advanceMillis(Duration.ofMinutes(91).toMillis());
      f.matcher.applyAll();

      assertThat(members(f.membership, "aud")).containsExactly(3);
    }
  }

  @Test
  void aValueBasedAudienceKeepsEachMembersLatestValue() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      List<SchemaKey> schema = List.of(SchemaKey.EMAIL, SchemaKey.LOOKALIKE_VALUE);
      f.upload(
          "acc",
          "aud",
          Operation.ADD,
          11,
          rows(
              schema,
              new String[] {"ann@example.com", "12.5"},
              new String[] {"bob@example.com", "3"}));
      f.upload(
          "acc", "aud", Operation.ADD, 12, rows(schema, new String[] {"bob@example.com", "4.25"}));

      f.matcher.applyAll();

      AudienceMembers members = f.membership.members("aud");
      assertThat(members.value(1)).hasValue(12.5);
      assertThat(members.value(2)).hasValue(4.25);
      assertThat(members.value(3)).isEmpty();
    }
  }

  @Test
  void aRestartRestoresMembershipValuesAndPendingReplacesWithoutApplyingAnythingTwice() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      f.upload(
          "acc",
          "aud",
          Operation.ADD,
          11,
          rows(
              List.of(SchemaKey.EMAIL, SchemaKey.LOOKALIKE_VALUE),
              new String[] {"ann@example.com", "2"}));
      f.upload("acc", "aud", Operation.REPLACE, 20, 1, false, 1, emails("bob@example.com"));
      f.matcher.applyAll();
    }
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      f.matcher.applyAll();

      assertThat(members(f.membership, "aud")).containsExactly(1);
      assertThat(f.membership.members("aud").value(1)).hasValue(2.0);
      assertThat(f.membership.matchReport("acc", 11).orElseThrow().matchedRows()).isEqualTo(1);
      assertThat(f.membership.appliedThrough()).isEqualTo(2);

      f.upload("acc", "aud", Operation.REPLACE, 20, 2, true, 1, emails("cy@example.com"));
      f.matcher.applyAll();

      assertThat(members(f.membership, "aud")).containsExactly(2, 3);
      assertThat(f.membership.matchReport("acc", 20).orElseThrow().batchesApplied()).isEqualTo(2);
    }
  }

  @Test
  void appliedBatchesAreDeletedFromTheIntakeLog() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      f.upload("acc", "aud", Operation.ADD, 11, emails("ann@example.com", "zed@example.com"));
      f.upload("acc", "aud", Operation.ADD, 12, emails("nobody@example.com"));

      f.matcher.applyAll();

      assertThat(f.log.readAfter(0, 100)).isEmpty();
    }
  }

  @Test
  void theStartedMatcherAppliesNewBatchesInTheBackgroundAndStopsOnClose() throws Exception {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      f.matcher.start();
      long position = f.upload("acc", "aud", Operation.ADD, 11, emails("cy@example.com"));
      f.matcher.wakeUp();
      for (int i = 0; i < 1000 && f.membership.appliedThrough() < position; i++) {
        Thread.sleep(10);
      }
      f.matcher.close();

      assertThat(members(f.membership, "aud")).containsExactly(3);
      long after = f.upload("acc", "aud", Operation.ADD, 12, emails("ann@example.com"));
      assertThat(f.log.readAfter(0, 10)).extracting(e -> e.position()).containsExactly(after);
    }
  }

  @Test
  void batchesOfADeletedAudienceAreSkippedAndLeaveNoMembershipOrReport() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      f.upload("acc", "gone", Operation.ADD, 11, emails("ann@example.com"));
      f.upload("acc", "aud", Operation.ADD, 12, emails("bob@example.com"));
      Matcher matcher =
          new Matcher(
              f.log,
              f.sessions,
              identities,
              f.membership,
              java.time.Clock.systemUTC(),
              Matcher.DEFAULT_BATCHES_PER_COMMIT,
              audience -> !audience.equals("gone"));

      matcher.applyAll();

      assertThat(f.membership.audiences()).doesNotContainKey("gone");
      assertThat(f.membership.matchReport("acc", 11)).isEmpty();
      assertThat(members(f.membership, "aud")).containsExactly(2);
      assertThat(f.log.readAfter(0, 100)).isEmpty();
    }
  }
}
