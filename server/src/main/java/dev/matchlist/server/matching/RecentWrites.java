package dev.matchlist.server.matching;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The user ids each of the last few identity-base commits wrote, so that records read before those
 * commits can be brought up to date by re-reading only the users they touched. Not thread-safe:
 * used under {@link IdentityBase}'s lock.
 */
final class RecentWrites {
  /** Commit {@code c}'s users sit in slot {@code c % length}. */
  private final Set<?>[] usersOf;

  RecentWrites(int commits) {
    usersOf = new Set<?>[commits];
  }

  /**
   * Remembers that commit number {@code commit} (1, 2, ...) wrote {@code users}, a set that no one
   * changes any more: it is kept, not copied (a copy of a load request's 10,000 user ids cost as
   * much as 3 % of a 50 M load's profile samples).
   */
  void add(long commit, Set<String> users) {
    usersOf[(int) (commit % usersOf.length)] = users;
  }

  /**
   * Which of {@code users} commits {@code after + 1} to {@code upTo} wrote: all of them when those
   * commits are no longer all remembered.
   */
  List<String> touchedSince(long after, long upTo, Collection<String> users) {
    if (upTo == after) {
      return List.of();
    }
    if (upTo - after > usersOf.length) { // forgotten: read them all again
      return new ArrayList<>(users);
    }
    List<String> touched = new ArrayList<>();
    for (String user : users) {
      for (long commit = after + 1; commit <= upTo; commit++) {
        if (usersOf[(int) (commit % usersOf.length)].contains(user)) {
          touched.add(user);
          break;
        }
      }
    }
    return touched;
  }
}
