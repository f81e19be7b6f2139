package dev.matchlist.server.matching;

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

class ExternIdMemoryTest {
  @TempDir Path dir;

  private final MapIdentities identities =
      new MapIdentities()
          .with(IdentityKind.EMAIL, "ann@example.com", 1)
          .with(IdentityKind.EMAIL, "bob@example.com", 2);

  private static final List<SchemaKey> EXTERN_AND_EMAIL =
      List.of(SchemaKey.EXTERN_ID, SchemaKey.EMAIL);

  /** Teaches acc-1 that EXTERN_ID c-17 is ann (person 1). */
  private static void learn(MatcherFixture f) {
    f.upload(
        "acc-1",
        "learn",
        Operation.ADD,
        11,
        rows(EXTERN_AND_EMAIL, new String[] {"c-17", "ann@example.com"}));
    f.matcher.applyAll();
  }

  private static void uploadExternOnly(MatcherFixture f, String account, long session) {
    f.upload(
        account,
        "later-" + account + "-" + session,
        Operation.ADD,
        session,
        rows(List.of(SchemaKey.EXTERN_ID), new String[] {"c-17"}));
    f.matcher.applyAll();
  }

  private static long laterCount(MatcherFixture f, String account, long session) {
    return f.membership.members("later-" + account + "-" + session).count();
  }

  @Test
  void anExternIdLearntWithAnEmailMatchesALaterExternIdOnlyRowOfTheSameAdAccount() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      learn(f);

      uploadExternOnly(f, "acc-1", 12);

      assertThat(f.membership.members("later-acc-1-12").contains(1)).isTrue();
      assertThat(f.membership.matchReport("acc-1", 12).orElseThrow().matchesByKind())
          .isEqualTo(Map.of(IdentityKind.EXTERN_ID, 1L));
    }
  }

  @Test
  void anExternIdIsNotUsedForAnotherAdAccount() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      learn(f);

      uploadExternOnly(f, "acc-2", 12);

      assertThat(laterCount(f, "acc-2", 12)).isZero();
    }
  }

  @Test
  void anExternIdOnlyRowMatchesNothingWhenNoRowTaughtIt() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      uploadExternOnly(f, "acc-1", 12);

      assertThat(laterCount(f, "acc-1", 12)).isZero();
    }
  }

  @Test
  void aRowWhoseOtherIdentifiersAreUnknownResolvesThroughTheMemory() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      learn(f);

      f.upload(
          "acc-1",
          "later",
          Operation.ADD,
          12,
          rows(EXTERN_AND_EMAIL, new String[] {"c-17", "nobody@example.com"}));
      f.matcher.applyAll();

      assertThat(f.membership.members("later").contains(1)).isTrue();
    }
  }

  @Test
  void anExternIdIsForgottenNinetyDaysAfterItWasLastSet() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      learn(f);
      f.advanceMillis(Duration.ofDays(90).toMillis());

      uploadExternOnly(f, "acc-1", 12);

      assertThat(laterCount(f, "acc-1", 12)).isZero();
    }
  }

  @Test
  void anExternIdIsStillKnownJustBeforeNinetyDays() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      learn(f);
      f.advanceMillis(Duration.ofDays(90).toMillis() - 1);

      uploadExternOnly(f, "acc-1", 12);

      assertThat(laterCount(f, "acc-1", 12)).isEqualTo(1);
    }
  }

  @Test
  void seeingTheExternIdWithTheEmailAgainRestartsItsNinetyDays() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      learn(f);
      f.advanceMillis(Duration.ofDays(60).toMillis());
      f.upload(
          "acc-1",
          "again",
          Operation.ADD,
          13,
          rows(EXTERN_AND_EMAIL, new String[] {"c-17", "ann@example.com"}));
      f.matcher.applyAll();
      f.advanceMillis(Duration.ofDays(60).toMillis());

      uploadExternOnly(f, "acc-1", 12);

      assertThat(laterCount(f, "acc-1", 12)).isEqualTo(1);
    }
  }

  @Test
  void theRowsOwnEmailWinsOverTheRememberedPersonAndUpdatesTheMemory() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      learn(f);
      f.upload(
          "acc-1",
          "moved",
          Operation.ADD,
          13,
          rows(EXTERN_AND_EMAIL, new String[] {"c-17", "bob@example.com"}));
      f.matcher.applyAll();

      uploadExternOnly(f, "acc-1", 12);

      assertThat(f.membership.members("moved").contains(2)).isTrue();
      assertThat(f.membership.members("later-acc-1-12").contains(2)).isTrue();
      assertThat(f.membership.members("later-acc-1-12").contains(1)).isFalse();
    }
  }

  @Test
  void aLearntExternIdSurvivesARestart() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      learn(f);
    }
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      uploadExternOnly(f, "acc-1", 12);

      assertThat(laterCount(f, "acc-1", 12)).isEqualTo(1);
    }
  }

  @Test
  void expiredExternIdsAreDeletedFromTheStoreWhenTheMatcherIsIdle() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      learn(f);
      assertThat(f.membership.externIds().size()).isEqualTo(1);
      f.advanceMillis(Duration.ofDays(91).toMillis());

      f.matcher.applyAll(); // nothing to apply: an idle round

      assertThat(f.membership.externIds().size()).isZero();
    }
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      assertThat(f.membership.externIds().size()).isZero();
    }
  }

  @Test
  void aPersonRemovedFromTheIdentityBaseIsNotBroughtBackByTheirExternId() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      learn(f);
      f.membership.removePersonEverywhere(1);
    }
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      uploadExternOnly(f, "acc-1", 12);

      assertThat(laterCount(f, "acc-1", 12)).isZero();
    }
  }
}
