package dev.matchlist.server.matching;

import static dev.matchlist.server.matching.MatcherFixture.emails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.server.intake.Operation;
import dev.matchlist.server.matching.MatcherFixture.MapIdentities;
import dev.matchlist.server.matching.MembershipStore.MembershipCommit;
import dev.matchlist.server.matching.MembershipStore.Stored;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MembershipTest {
  @TempDir Path dir;

  private final MapIdentities identities =
      new MapIdentities()
          .with(IdentityKind.EMAIL, "ann@example.com", 1)
          .with(IdentityKind.EMAIL, "bob@example.com", 2);

  private void fill(MatcherFixture f) {
    f.upload("acc", "a1", Operation.ADD, 11, emails("ann@example.com", "bob@example.com"));
    f.upload("acc", "a2", Operation.ADD, 12, emails("ann@example.com"));
    f.upload("acc", "a3", Operation.ADD, 13, emails("bob@example.com"));
    f.upload("acc", "a3", Operation.REPLACE, 14, 1, false, 1, emails("ann@example.com"));
    f.matcher.applyAll();
  }

  @Test
  void audiencesOfListsEveryAudienceThePersonIsIn() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      fill(f);

      assertThat(f.membership.audiencesOf(1)).containsExactly("a1", "a2");
      assertThat(f.membership.audiencesOf(2)).containsExactly("a1", "a3");
      assertThat(f.membership.audiencesOf(5)).isEmpty();
    }
  }

  @Test
  void aRemovedPersonLeavesEveryAudienceAndPendingReplaceDurably() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      fill(f);
      f.membership.removePersonEverywhere(1);
    }
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      assertThat(f.membership.audiencesOf(1)).isEmpty();
      assertThat(f.membership.members("a1").count()).isEqualTo(1);
      assertThat(f.membership.pendingReplaces())
          .singleElement()
          .satisfies(p -> assertThat(p.members().count()).isZero());
    }
  }

  @Test
  void aDeletedAudienceHasNoMembersAndNoPendingReplaceAfterARestart() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      fill(f);
      f.membership.deleteAudience("a3");
    }
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      assertThat(f.membership.members("a3").count()).isZero();
      assertThat(f.membership.audiences()).containsOnlyKeys("a1", "a2");
      assertThat(f.membership.pendingReplaces()).isEmpty();
    }
  }

  @Test
  void aReaderHoldingMembersKeepsSeeingThemWhileLaterBatchesApply() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      fill(f);
      AudienceMembers before = f.membership.members("a1");

      f.upload("acc", "a1", Operation.REMOVE, 20, emails("ann@example.com", "bob@example.com"));
      f.matcher.applyAll();

      assertThat(before.count()).isEqualTo(2);
      assertThat(before.contains(1)).isTrue();
      assertThat(f.membership.members("a1").count()).isZero();
    }
  }

  @Test
  void membersSurviveTheirByteForm() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      fill(f);
      AudienceMembers members = f.membership.members("a1");

      AudienceMembers back = AudienceMembers.fromBytes(members.toBytes());

      assertThat(back.people()).isEqualTo(members.people());
      assertThat(back.count()).isEqualTo(2);
    }
  }

  @Test
  void aSnapshotNeverReflectsAReportBeforeTheMembersItDescribes() throws Exception {
    int sessions = 100;
    try (MatcherFixture f =
        MatcherFixture.open(dir, identities, 1, store -> lingeringAfterWrite(store, () -> {}))) {
      for (int i = 0; i < sessions; i++) {
        f.upload("acc", "c" + i, Operation.ADD, 1000 + i, emails("ann@example.com"));
      }
      AtomicBoolean applying = new AtomicBoolean(true);
      AtomicInteger reflected = new AtomicInteger();
      AtomicInteger torn = new AtomicInteger();
      Thread reader =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int n = 0; applying.get(); n++) {
                      int i = n % sessions;
                      MembershipSnapshot snapshot = f.membership.snapshot();
                      Optional<MatchReport> report =
                          f.membership.matchReport("acc", 1000 + i).filter(snapshot::reflects);
                      if (report.isPresent()) {
                        reflected.incrementAndGet();
                        if (snapshot.members("c" + i).count() == 0) {
                          torn.incrementAndGet();
                        }
                      }
                    }
                  });
      f.matcher.applyAll();
      applying.set(false);
      reader.join();

      assertThat(f.membership.members("c" + (sessions - 1)).count()).isEqualTo(1);
      assertThat(reflected.get()).isPositive();
      assertThat(torn.get()).isZero();
    }
  }

  @Test
  void aReaderDoesNotWaitForACommitThatIsWrittenButNotYetPublished() throws Exception {
    CountDownLatch written = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Runnable holdFirstCommit =
        () -> {
          if (written.getCount() > 0) {
            written.countDown();
            awaitUninterruptibly(release);
          }
        };
    try (MatcherFixture f =
        MatcherFixture.open(
            dir, identities, 1, store -> lingeringAfterWrite(store, holdFirstCommit))) {
      f.upload("acc", "c", Operation.ADD, 1000, emails("ann@example.com"));
      Thread matcher = Thread.ofPlatform().start(f.matcher::applyAll);
      written.await();

      MembershipSnapshot snapshot = f.membership.snapshot();
      MatchReport stored = f.membership.matchReport("acc", 1000).orElseThrow();
      assertThat(stored.matchedRows()).isEqualTo(1);
      assertThat(snapshot.reflects(stored)).isFalse();
      assertThat(snapshot.members("c").count()).isZero();

      release.countDown();
      matcher.join();
      assertThat(f.membership.snapshot().reflects(stored)).isTrue();
      assertThat(f.membership.snapshot().members("c").count()).isEqualTo(1);
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A store whose commits run {@code afterWrite} once written and linger 2 ms, to widen the window
   * between a commit's write and its publication.
   */
  private static MembershipStore lingeringAfterWrite(MembershipStore store, Runnable afterWrite) {
    return new MembershipStore() {
      @Override
      public Stored load() {
        return store.load();
      }

      @Override
      public PreparedCommit prepare(MembershipCommit commit) {
        PreparedCommit prepared = store.prepare(commit);
        return new PreparedCommit() {
          @Override
          public void write() {
            prepared.write();
            afterWrite.run();
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
          }

          @Override
          public void close() {
            prepared.close();
          }
        };
      }

      @Override
      public Optional<MatchReport> matchReport(String adAccountId, long sessionId) {
        return store.matchReport(adAccountId, sessionId);
      }
    };
  }
}
