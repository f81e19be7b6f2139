package dev.matchlist.server.matching;

import dev.matchlist.server.matching.MembershipStore.MembershipCommit;
import dev.matchlist.server.matching.MembershipStore.PendingReplace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Every audience's members, in memory, durable in a {@link MembershipStore}.
 *
 * <p>Readers of members never lock and never see a half-applied change: each change is prepared on
 * copies of the audiences it touches, committed to the store, and only then published by swapping
 * one immutable map, so a reader sees either all of a commit or none of it. Writers (the matcher,
 * {@link #removePersonEverywhere}, {@link #deleteAudience}) take turns on one lock. Match reports
 * live only in the store, so they become visible a moment before the members they describe; a
 * reader that needs both to agree takes one {@link #snapshot} and asks it whether it {@link
 * MembershipSnapshot#reflects reflects} a report. No reader ever waits for a commit.
 *
 * <pre>{@code
 * Membership membership = Membership.load(store);
 * long n = membership.members("6001").count();
 * List<String> audiences = membership.audiencesOf(person);
 * }</pre>
 */
public final class Membership {
  private final MembershipStore store;
  private volatile MembershipSnapshot published;
  // Guarded by this: only writers touch the pending replaces.
  private final Map<String, PendingReplace> pendingReplaces = new LinkedHashMap<>();
  // Guarded by this: only the matcher's commits read and change it.
  private final ExternIdMemory externIds;
  private volatile long peopleRemoved;

  private Membership(MembershipStore store, MembershipStore.Stored stored) {
    this.store = store;
    this.externIds = new ExternIdMemory(stored.externIds());
    this.published = MembershipSnapshot.of(stored.audiences(), stored.appliedThrough());
    for (PendingReplace replace : stored.replaces()) {
      pendingReplaces.put(replaceKey(replace.adAccountId(), replace.sessionId()), replace);
    }
  }

  /** The membership stored in {@code store}, as of its last commit. */
  public static Membership load(MembershipStore store) {
    return new Membership(store, store.load());
  }

  /** The audience's members; {@link AudienceMembers#EMPTY} for an audience nobody was added to. */
  public AudienceMembers members(String audienceId) {
    return published.members(audienceId);
  }

  /** The members of every audience as of the last published commit, as one consistent version. */
  public MembershipSnapshot snapshot() {
    return published;
  }

  /** Every audience with stored membership (possibly empty), as one consistent snapshot. */
  public Map<String, AudienceMembers> audiences() {
    return published.byId();
  }

  /**
   * The audiences the person is a member of, sorted by id. Scans every audience's bitmap (a {@code
   * contains} each, about 10 ns), which is fine for thousands of audiences; an inverted index is
   * for when there are millions.
   */
  public List<String> audiencesOf(int person) {
    List<String> found = new ArrayList<>();
    forEachAudienceOf(person, (audienceId, members) -> found.add(audienceId));
    return found;
  }

  /**
   * Calls {@code action} with each audience the person is a member of, in id order, all from one
   * published version (so two facts read in {@code action}, e.g. membership and LDU, agree).
   */
  public void forEachAudienceOf(int person, BiConsumer<String, AudienceMembers> action) {
    MembershipSnapshot snapshot = published;
    List<String> ids = snapshot.sortedIds();
    List<AudienceMembers> allMembers = snapshot.sortedMembers();
    for (int i = 0; i < ids.size(); i++) {
      AudienceMembers members = allMembers.get(i);
      if (members.contains(person)) {
        action.accept(ids.get(i), members);
      }
    }
  }

  /** The last intake-log position whose batch is reflected here; 0 when none. */
  public long appliedThrough() {
    return published.appliedThrough();
  }

  /**
   * How many times {@link #removePersonEverywhere} has run since this membership was loaded. The
   * matcher matches rows ahead of their turn; a batch matched before a removal is matched again
   * when applied, so a person deleted meanwhile is not added back.
   */
  long peopleRemoved() {
    return peopleRemoved;
  }

  /** The session's match report, if any of its batches was applied. */
  public Optional<MatchReport> matchReport(String adAccountId, long sessionId) {
    return store.matchReport(adAccountId, sessionId);
  }

  /**
   * Removes a person (deleted from the identity base) from every audience and pending replace, and
   * forgets the EXTERN_IDs remembered for them, so no later row brings them back.
   */
  public void removePersonEverywhere(int person) {
    apply(
        OptionalLong.empty(),
        update -> {
          peopleRemoved++; // under the writer lock, before the matcher's next round can run
          update.externIds().forgetPerson(person);
          published
              .byId()
              .forEach(
                  (audienceId, members) -> {
                    if (members.contains(person)) {
                      update.audience(audienceId).remove(person);
                    }
                  });
          for (PendingReplace replace : pendingReplaces.values()) {
            if (replace.members().contains(person)) {
              update
                  .replace(replace.adAccountId(), replace.sessionId(), replace.audienceId())
                  .remove(person);
            }
          }
        });
  }

  /** Deletes the audience's membership and any replace of it in progress. */
  public void deleteAudience(String audienceId) {
    apply(OptionalLong.empty(), update -> update.deleteAudience(audienceId));
  }

  /** The replaces whose sessions have not finished yet. */
  synchronized List<PendingReplace> pendingReplaces() {
    return List.copyOf(pendingReplaces.values());
  }

  /**
   * Prepares a change with {@code changes}, commits it (with the new checkpoint, if given) and
   * publishes it. When the commit fails nothing is published and the exception propagates.
   */
  synchronized void apply(OptionalLong newAppliedThrough, Consumer<MembershipUpdate> changes) {
    MembershipUpdate update = new MembershipUpdate(this);
    changes.accept(update);
    Map<String, AudienceMembers> audiences = update.publishedAudiences();
    List<PendingReplace> replaces = update.publishedReplaces();
    ExternIdMemory.Changes externIdChanges = update.externIdChanges();
    Map<String, AudienceMembers> next = new HashMap<>(published.byId());
    next.keySet().removeAll(update.deletedAudiences());
    next.putAll(audiences);
    MembershipSnapshot snapshot =
        published.next(next, newAppliedThrough.orElse(published.appliedThrough()));
    try (MembershipStore.PreparedCommit commit =
        store.prepare(
            new MembershipCommit(
                newAppliedThrough,
                audiences,
                update.deletedAudiences(),
                replaces,
                update.finishedReplaces(),
                update.reports(),
                externIdChanges))) {
      commit.write();
      published = snapshot;
    }
    externIds.apply(externIdChanges);
    for (PendingReplace finished : update.finishedReplaces()) {
      pendingReplaces.remove(replaceKey(finished.adAccountId(), finished.sessionId()));
    }
    for (PendingReplace replace : replaces) {
      pendingReplaces.put(replaceKey(replace.adAccountId(), replace.sessionId()), replace);
    }
  }

  // For MembershipUpdate, under the lock.
  Optional<PendingReplace> pendingReplace(String adAccountId, long sessionId) {
    return Optional.ofNullable(pendingReplaces.get(replaceKey(adAccountId, sessionId)));
  }

  List<PendingReplace> pendingReplacesOf(String audienceId) {
    return pendingReplaces.values().stream()
        .filter(r -> r.audienceId().equals(audienceId))
        .toList();
  }

  ExternIdMemory externIds() {
    return externIds;
  }

  /** Deletes the EXTERN_ID memory entries expired by {@code nowMillis}, if there are any. */
  synchronized void forgetExpiredExternIds(long nowMillis) {
    if (externIds.anyExpired(nowMillis)) {
      apply(OptionalLong.empty(), update -> update.externIds().forgetExpired(nowMillis));
    }
  }

  MembershipStore store() {
    return store;
  }

  static String replaceKey(String adAccountId, long sessionId) {
    return adAccountId + "/" + sessionId;
  }
}
