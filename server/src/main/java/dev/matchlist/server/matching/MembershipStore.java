package dev.matchlist.server.matching;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Where audience membership, the matcher's checkpoint and the match reports are kept. Shaped by
 * what {@link Membership} needs, not by a storage engine, so another backend can implement it.
 *
 * <p>The one promise that matters: {@link #commit} is atomic and durable. Membership changes, the
 * EXTERN_IDs learnt from the same rows, and the intake position they were applied through land
 * together or not at all, which is what makes each intake batch change membership exactly once
 * across crashes.
 */
public interface MembershipStore {
  /** Everything stored, read once at start. */
  Stored load();

  /**
   * Serializes all of {@code commit} for one atomic, synced write without writing anything yet, so
   * that the costly part (whole bitmaps) runs before the caller takes the lock that readers wait
   * on. Write it with {@link PreparedCommit#write}; close it either way.
   */
  PreparedCommit prepare(MembershipCommit commit);

  /** A commit ready to be written. */
  interface PreparedCommit extends AutoCloseable {
    /** Writes it all in one atomic, synced write. */
    void write();

    @Override
    void close();
  }

  /** The session's match report, if any of its batches was applied. */
  Optional<MatchReport> matchReport(String adAccountId, long sessionId);

  /**
   * The stored state.
   *
   * @param appliedThrough the last intake position applied, 0 when none
   * @param externIds the remembered EXTERN_IDs, expired ones possibly included
   */
  record Stored(
      long appliedThrough,
      Map<String, AudienceMembers> audiences,
      List<PendingReplace> replaces,
      Map<ExternIdMemory.Key, ExternIdMemory.Remembered> externIds) {
    public Stored {
      audiences = Map.copyOf(audiences);
      replaces = List.copyOf(replaces);
      externIds = Map.copyOf(externIds);
    }

    public Stored(
        long appliedThrough,
        Map<String, AudienceMembers> audiences,
        List<PendingReplace> replaces) {
      this(appliedThrough, audiences, replaces, Map.of());
    }
  }

  /** The members a replace session has collected so far; they become the audience at its end. */
  record PendingReplace(
      String adAccountId, long sessionId, String audienceId, AudienceMembers members) {}

  /**
   * One atomic change.
   *
   * @param appliedThrough the new checkpoint, or empty to keep the stored one
   * @param audiences audiences to store, whole
   * @param deletedAudiences audiences whose membership is to be deleted
   * @param replaces pending replaces to store, whole
   * @param finishedReplaces pending replaces to forget (swapped in, or their audience deleted)
   * @param reports match reports to store, whole
   * @param externIds EXTERN_ID memory entries to store and to delete
   */
  record MembershipCommit(
      OptionalLong appliedThrough,
      Map<String, AudienceMembers> audiences,
      Set<String> deletedAudiences,
      List<PendingReplace> replaces,
      List<PendingReplace> finishedReplaces,
      List<MatchReport> reports,
      ExternIdMemory.Changes externIds) {
    public MembershipCommit {
      audiences = Map.copyOf(audiences);
      deletedAudiences = Set.copyOf(deletedAudiences);
      replaces = List.copyOf(replaces);
      finishedReplaces = List.copyOf(finishedReplaces);
      reports = List.copyOf(reports);
    }

    public MembershipCommit(
        OptionalLong appliedThrough,
        Map<String, AudienceMembers> audiences,
        Set<String> deletedAudiences,
        List<PendingReplace> replaces,
        List<PendingReplace> finishedReplaces,
        List<MatchReport> reports) {
      this(
          appliedThrough,
          audiences,
          deletedAudiences,
          replaces,
          finishedReplaces,
          reports,
          ExternIdMemory.Changes.NONE);
    }
  }
}
