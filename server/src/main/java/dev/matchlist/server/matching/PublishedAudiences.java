package dev.matchlist.server.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One published version of every audience's members, with the audience ids in sorted order kept
 * alongside: a membership look-up answers in id order without sorting or copying anything.
 */
record PublishedAudiences(Map<String, AudienceMembers> byId, List<String> sortedIds) {

  static PublishedAudiences of(Map<String, AudienceMembers> byId) {
    List<String> ids = new ArrayList<>(byId.keySet());
    ids.sort(null);
    return new PublishedAudiences(Map.copyOf(byId), List.copyOf(ids));
  }

  /** The next version; the sorted ids are reused when no audience came or went (the usual case). */
  PublishedAudiences next(Map<String, AudienceMembers> nextById) {
    if (nextById.keySet().equals(byId.keySet())) {
      return new PublishedAudiences(Map.copyOf(nextById), sortedIds);
    }
    return of(nextById);
  }
}
