package dev.matchlist.server.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserIdFilterTest {
  /** What each filter has before its blocks, so that they start at a cache line. */
  private static final long LEAD_BYTES = 8L * UserIdFilter.LEAD_LONGS;

  private static List<String> ids(String prefix, int from, int to) {
    List<String> ids = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      ids.add(prefix + i);
    }
    return ids;
  }

  private static double falsePositives(UserIdFilter filter, int absent) {
    return filter.mayHold(ids("absent-", 0, absent)).size() / (double) absent;
  }

  @Test
  void everyAddedUserIsHeldThroughGrowthAndFewOthersSeemTo() {
    UserIdFilter filter = new UserIdFilter(0);
    int users = (int) (2.5 * UserIdFilter.MIN_USERS); // past the first filter and its doubling
    for (int from = 0; from < users; from += 10_000) {
      filter.addAll(ids("user-", from, Math.min(users, from + 10_000)));
    }

    List<String> added = ids("user-", 0, users);
    assertThat(filter.mayHold(added)).hasSize(users);
    // three filters (1 M, 1 M, 2 M users), each full: ~1.1 % false positives each
    assertThat(falsePositives(filter, 200_000)).isLessThan(0.04);
    assertThat(filter.bytes()).isEqualTo(4 * UserIdFilter.MIN_USERS * 10 / 8 + 3 * LEAD_BYTES);
  }

  @Test
  void aReservedLoadFillsOneFilterOfItsSize() {
    UserIdFilter filter = new UserIdFilter(0);
    filter.addAll(List.of("first"));
    int users = 3_000_000;
    filter.reserve(users);
    for (int from = 0; from < users; from += 10_000) {
      filter.addAll(ids("user-", from, from + 10_000));
    }

    long oneFilterEach = (UserIdFilter.MIN_USERS + users) * 10 / 8 + 2 * LEAD_BYTES;
    assertThat(filter.bytes()).isBetween(oneFilterEach, oneFilterEach + 64); // whole blocks
    assertThat(filter.mightContain("first")).isTrue();
    assertThat(filter.mayHold(ids("user-", 0, users))).hasSize(users);
    assertThat(falsePositives(filter, 200_000)).isBetween(0.005, 0.02);
  }

  @Test
  void anEmptyFilterHoldsNoOneAndKeepsTheOrderOfThoseItMayHold() {
    UserIdFilter filter = new UserIdFilter(10);
    assertThat(filter.mayHold(ids("u", 0, 1_000))).isEmpty();

    filter.addAll(List.of("c", "a"));

    assertThat(filter.mayHold(List.of("a", "b", "c"))).containsExactly("a", "c");
  }
}
