package dev.matchlist.server.matching;

import static dev.matchlist.server.matching.MatcherFixture.emails;
import static dev.matchlist.server.matching.MatcherFixture.rows;
import static dev.matchlist.server.matching.MatcherFixture.sha;
import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.server.intake.Operation;
import dev.matchlist.server.store.IntakeLog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The matcher matches rows ahead of their turn on a pool; what depends on order must not show. */
class MatcherAheadTest {
  @TempDir Path dir;

  /** An identity base safe for the pool's readers, whose people can leave it. */
  private static final class LeavingIdentities implements IdentityLookup {
    final Map<String, Integer> people = new ConcurrentHashMap<>();
    final CountDownLatch bobLookedUp = new CountDownLatch(1);

    LeavingIdentities with(String email, int person) {
      people.put(HexFormat.of().formatHex(sha(email)), person);
      return this;
    }

    void remove(String email) {
      people.remove(HexFormat.of().formatHex(sha(email)));
    }

    @Override
    public int personOf(IdentityKind kind, byte[] identifier, int offset) {
      if (kind != IdentityKind.EMAIL) {
        return NO_PERSON;
      }
      String hex = HexFormat.of().formatHex(identifier, offset, offset + 32);
      int person = people.getOrDefault(hex, NO_PERSON);
      if (person == 2) {
        bobLookedUp.countDown(); // the answer is decided: the batch was matched with bob in it
      }
      return person;
    }
  }

  @Test
  void aPersonRemovedAfterTheirBatchWasMatchedAheadIsNotAddedBack() throws Exception {
    LeavingIdentities identities =
        new LeavingIdentities().with("ann@example.com", 1).with("bob@example.com", 2);
    try (MatcherFixture f = MatcherFixture.open(dir, identities, 1)) {
      f.upload("acc", "aud", Operation.ADD, 11, emails("ann@example.com"));
      f.upload("acc", "aud", Operation.ADD, 12, emails("bob@example.com"));

      assertThat(f.matcher.applyNext()).isEqualTo(1); // applies ann's batch, matches bob's ahead
      assertThat(identities.bobLookedUp.await(30, TimeUnit.SECONDS)).isTrue();
      identities.remove("bob@example.com"); // as IdentitiesAdmin deletes a user
      f.membership.removePersonEverywhere(2);
      f.matcher.applyAll();

      assertThat(f.membership.members("aud").contains(1)).isTrue();
      assertThat(f.membership.members("aud").contains(2)).isFalse();
      assertThat(f.membership.matchReport("acc", 12).orElseThrow().matchedRows()).isZero();
    }
  }

  @Test
  void batchesMatchedTogetherAreStillAppliedInLogOrder() {
    LeavingIdentities identities = new LeavingIdentities().with("ann@example.com", 1);
    try (MatcherFixture f = MatcherFixture.open(dir, identities, 3)) {
      for (int i = 0; i < 40; i++) {
        Operation op = i % 2 == 0 ? Operation.ADD : Operation.REMOVE;
        f.upload("acc", "aud", op, 100 + i, emails("ann@example.com"));
      }
      f.upload("acc", "aud", Operation.ADD, 200, emails("ann@example.com"));
      f.upload("acc", "other", Operation.ADD, 201, emails("ann@example.com"));
      f.upload("acc", "other", Operation.REMOVE, 202, emails("ann@example.com"));

      f.matcher.applyAll();

      assertThat(f.membership.members("aud").contains(1)).isTrue();
      assertThat(f.membership.members("other").contains(1)).isFalse();
    }
  }

  @Test
  void everyLogEntryIsReadAndMatchedOnceEvenWhenARoundTakesAllThatWasAhead() {
    LeavingIdentities identities = new LeavingIdentities().with("ann@example.com", 1);
    try (MatcherFixture f = MatcherFixture.open(dir, identities, 3)) {
      List<Long> read = new java.util.ArrayList<>();
      IntakeLog counting =
          new IntakeLog() {
            @Override
            public long append(byte[] entry) {
              return f.log.append(entry);
            }

            @Override
            public List<Entry> readAfter(long position, int max) {
              List<Entry> entries = f.log.readAfter(position, max);
              entries.forEach(e -> read.add(e.position()));
              return entries;
            }

            @Override
            public void deleteThrough(long position) {
              f.log.deleteThrough(position);
            }
          };
      Matcher matcher =
          new Matcher(counting, f.sessions, identities, f.membership, Clock.systemUTC(), 3);
      // two uploads at a time: each round takes everything that was ahead of it
      for (int i = 0; i < 10; i += 2) {
        f.upload("acc", "aud", Operation.ADD, 300 + i, emails("ann@example.com"));
        f.upload("acc", "aud", Operation.ADD, 301 + i, emails("ann@example.com"));
        matcher.applyAll();
      }

      assertThat(read).hasSize(10).doesNotHaveDuplicates();
      assertThat(f.membership.matchReport("acc", 309).orElseThrow().matchedRows()).isEqualTo(1);
    }
  }

  @Test
  void anExternIdLearntInOneBatchServesTheNextOneMatchedAtTheSameTime() {
    LeavingIdentities identities = new LeavingIdentities().with("ann@example.com", 1);
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      f.upload(
          "acc",
          "learn",
          Operation.ADD,
          11,
          rows(
              List.of(SchemaKey.EXTERN_ID, SchemaKey.EMAIL),
              new String[] {"c-17", "ann@example.com"}));
      f.upload(
          "acc",
          "later",
          Operation.ADD,
          12,
          rows(List.of(SchemaKey.EXTERN_ID), new String[] {"c-17"}, new String[] {"c-18"}));

      f.matcher.applyAll(); // one round: both batches matched on the pool together

      assertThat(f.membership.members("later").contains(1)).isTrue();
      assertThat(f.membership.matchReport("acc", 12).orElseThrow().matchesByKind())
          .isEqualTo(Map.of(IdentityKind.EXTERN_ID, 1L));
    }
  }
}
