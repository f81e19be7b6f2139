package dev.matchlist.server.matching;

import dev.matchlist.server.matching.MembershipStore.PendingReplace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One change to {@link Membership} being prepared by its writer: drafts of the audiences and
 * pending replaces it touches (copies; the published versions stay as they are), audiences to
 * delete, and match reports. Not thread-safe; lives inside {@link Membership#apply}.
 */
final class MembershipUpdate {
  private final Membership membership;
  private final Map<String, AudienceMembers.Draft> audiences = new HashMap<>();
  private final Set<String> deletedAudiences = new HashSet<>();
  private final Map<String, ReplaceDraft> replaces = new LinkedHashMap<>();
  private final Map<String, PendingReplace> finishedReplaces = new LinkedHashMap<>();
  private final Map<String, MatchReport> reports = new LinkedHashMap<>();
  private ExternIdMemory.Draft externIds;

  MembershipUpdate(Membership membership) {
    this.membership = membership;
  }

  /** The audience's draft, copied from its published version on first use. */
  AudienceMembers.Draft audience(String audienceId) {
    return audiences.computeIfAbsent(
        audienceId,
        id ->
            deletedAudiences.remove(id)
                ? AudienceMembers.Draft.empty()
                : membership.members(id).draft());
  }

  /** The replace session's draft: its members so far, or none when it starts here. */
  AudienceMembers.Draft replace(String adAccountId, long sessionId, String audienceId) {
    String key = Membership.replaceKey(adAccountId, sessionId);
    ReplaceDraft draft = replaces.get(key);
    if (draft == null) {
      AudienceMembers.Draft members =
          finishedReplaces.containsKey(key)
              ? AudienceMembers.Draft.empty()
              : membership
                  .pendingReplace(adAccountId, sessionId)
                  .map(p -> p.members().draft())
                  .orElseGet(AudienceMembers.Draft::empty);
      draft = new ReplaceDraft(adAccountId, sessionId, audienceId, members);
      replaces.put(key, draft);
    }
    return draft.members();
  }

  /** The replace session's members become the audience's, all at once. */
  void swap(String adAccountId, long sessionId, String audienceId) {
    AudienceMembers.Draft members = replace(adAccountId, sessionId, audienceId);
    String key = Membership.replaceKey(adAccountId, sessionId);
    replaces.remove(key);
    finishedReplaces.put(key, finished(adAccountId, sessionId, audienceId));
    deletedAudiences.remove(audienceId);
    audiences.put(audienceId, members);
  }

  void deleteAudience(String audienceId) {
    audiences.remove(audienceId);
    deletedAudiences.add(audienceId);
    for (PendingReplace pending : membership.pendingReplacesOf(audienceId)) {
      String key = Membership.replaceKey(pending.adAccountId(), pending.sessionId());
      finishedReplaces.put(key, pending);
    }
    replaces.values().removeIf(r -> r.audienceId().equals(audienceId));
  }

  /** The session's report as of this update: from this update, else the store, else empty. */
  MatchReport report(String adAccountId, long sessionId, String audienceId) {
    return reports.computeIfAbsent(
        Membership.replaceKey(adAccountId, sessionId),
        key ->
            membership
                .store()
                .matchReport(adAccountId, sessionId)
                .orElseGet(() -> MatchReport.empty(adAccountId, sessionId, audienceId)));
  }

  void putReport(MatchReport report) {
    reports.put(Membership.replaceKey(report.adAccountId(), report.sessionId()), report);
  }

  /** The EXTERN_ID memory as this update changes it. */
  ExternIdMemory.Draft externIds() {
    if (externIds == null) {
      externIds = membership.externIds().draft();
    }
    return externIds;
  }

  ExternIdMemory.Changes externIdChanges() {
    return externIds == null ? ExternIdMemory.Changes.NONE : externIds.changes();
  }

  Map<String, AudienceMembers> publishedAudiences() {
    Map<String, AudienceMembers> frozen = new HashMap<>();
    audiences.forEach((id, draft) -> frozen.put(id, draft.publish()));
    return frozen;
  }

  Set<String> deletedAudiences() {
    return deletedAudiences;
  }

  List<PendingReplace> publishedReplaces() {
    List<PendingReplace> frozen = new ArrayList<>();
    for (ReplaceDraft draft : replaces.values()) {
      frozen.add(
          new PendingReplace(
              draft.adAccountId(),
              draft.sessionId(),
              draft.audienceId(),
              draft.members().publish()));
    }
    return frozen;
  }

  List<PendingReplace> finishedReplaces() {
    return List.copyOf(finishedReplaces.values());
  }

  List<MatchReport> reports() {
    return List.copyOf(reports.values());
  }

  private PendingReplace finished(String adAccountId, long sessionId, String audienceId) {
    return membership
        .pendingReplace(adAccountId, sessionId)
        .orElseGet(
            () -> new PendingReplace(adAccountId, sessionId, audienceId, AudienceMembers.EMPTY));
  }

  private record ReplaceDraft(
      String adAccountId, long sessionId, String audienceId, AudienceMembers.Draft members) {}
}
