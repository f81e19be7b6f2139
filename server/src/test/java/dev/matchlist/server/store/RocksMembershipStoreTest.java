package dev.matchlist.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.server.matching.AudienceMembers;
import dev.matchlist.server.matching.MembershipStore;
import dev.matchlist.server.matching.MembershipStore.MembershipCommit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksMembershipStoreTest {
  @TempDir Path dir;

  private static MembershipCommit appliedThrough(long position) {
    return new MembershipCommit(
        OptionalLong.of(position),
        Map.of("aud", AudienceMembers.EMPTY),
        Set.of(),
        List.of(),
        List.of(),
        List.of());
  }

  @Test
  void aPreparedCommitIsNotStoredUntilWritten() {
    try (RocksStore rocks = RocksStore.open(dir)) {
      MembershipStore store = new RocksMembershipStore(rocks);
      try (MembershipStore.PreparedCommit prepared = store.prepare(appliedThrough(7))) {
        assertThat(store.load().appliedThrough()).isZero();
        assertThat(store.load().audiences()).isEmpty();

        prepared.write();
      }
      assertThat(store.load().appliedThrough()).isEqualTo(7);
      assertThat(store.load().audiences()).containsOnlyKeys("aud");
    }
  }

  @Test
  void aPreparedCommitClosedUnwrittenLeavesNothingBehind() {
    try (RocksStore rocks = RocksStore.open(dir)) {
      MembershipStore store = new RocksMembershipStore(rocks);
      store.prepare(appliedThrough(9)).close();

      assertThat(store.load().appliedThrough()).isZero();
    }
    try (RocksStore reopened = RocksStore.open(dir)) {
      assertThat(new RocksMembershipStore(reopened).load().appliedThrough()).isZero();
    }
  }
}
