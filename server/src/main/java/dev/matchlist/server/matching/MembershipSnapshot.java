package dev.matchlist.server.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One published version of every audience's members: what a reader sees, all of a commit or none of
 * it. The audience ids and their members are kept in id order alongside, so a membership look-up
 * walks two arrays in order, without sorting, copying or a map look-up per audience.
 *
 * @param byId every audience with stored membership (possibly empty)
 * @param sortedIds the same audience ids, sorted
 * @param sortedMembers the members of {@code sortedIds[i]} at {@code i}
 * @param appliedThrough the last intake-log position whose batch these members reflect; 0 when none
 */
public record MembershipSnapshot(
    Map<String, AudienceMembers> byId,
    List<String> sortedIds,
    List<AudienceMembers> sortedMembers,
    long appliedThrough) {

  static MembershipSnapshot of(Map<String, AudienceMembers> byId, long appliedThrough) {
    List<String> ids = new ArrayList<>(byId.keySet());
    ids.sort(null);
    return withSortedIds(byId, List.copyOf(ids), appliedThrough);
  }

  private static MembershipSnapshot withSortedIds(
      Map<String, AudienceMembers> byId, List<String> sortedIds, long appliedThrough) {
    List<AudienceMembers> members = new ArrayList<>(sortedIds.size());
    for (String id : sortedIds) {
      members.add(byId.get(id));
    }
    return new MembershipSnapshot(
        Map.copyOf(byId), sortedIds, List.copyOf(members), appliedThrough);
  }

  /** The audience's members; {@link AudienceMembers#EMPTY} for an audience nobody was added to. */
  public AudienceMembers members(String audienceId) {
    return byId.getOrDefault(audienceId, AudienceMembers.EMPTY);
  }

  /**
   * Whether these members include every batch the report counts. Reports are stored a moment before
   * the members they describe are published; a reader that pairs a report with a snapshot (a status
   * of 200 must come with the count its batches produced) treats a report the snapshot does not
   * reflect yet as a session still being applied, instead of waiting for the commit's disk sync.
   */
  public boolean reflects(MatchReport report) {
    return report.appliedThrough() <= appliedThrough;
  }

  /**
   * The next version; the sorted ids are reused when no audience came or went (the usual case).
   * {@code nextAppliedThrough} is this one's for a change that applies no batch.
   */
  MembershipSnapshot next(Map<String, AudienceMembers> nextById, long nextAppliedThrough) {
    if (nextById.keySet().equals(byId.keySet())) {
      return withSortedIds(nextById, sortedIds, nextAppliedThrough);
    }
    return of(nextById, nextAppliedThrough);
  }
}
