package dev.matchlist.server.matching;

import dev.matchlist.server.intake.IntakeBatch;
import dev.matchlist.server.store.IntakeLog;
import org.jspecify.annotations.Nullable;

/**
 * An intake-log entry decoded and its rows matched against the identity base, ahead of its turn to
 * be applied: what {@link MatcherRowResolver#matchBase} found per row, before the EXTERN_ID memory
 * (which depends on earlier batches) has had its say.
 *
 * @param position the entry's log position
 * @param batch the decoded batch, or null when the entry does not decode
 * @param undecodable why the entry does not decode, or null
 * @param persons per row, the person the identity base gave, or {@link IdentityLookup#NO_PERSON}
 * @param kinds per row, the ordinal of the {@link IdentityKind} that matched
 * @param peopleRemovedBefore {@link Membership#peopleRemoved()} read before matching began: when it
 *     has moved by the time the batch is applied, a person may have left the identity base since,
 *     so the rows are matched again
 */
record ResolvedBatch(
    long position,
    @Nullable IntakeBatch batch,
    @Nullable String undecodable,
    int[] persons,
    byte[] kinds,
    long peopleRemovedBefore) {

  /**
   * Decodes the entry and matches its rows against {@code identities}; never throws on bad bytes.
   */
  static ResolvedBatch of(IntakeLog.Entry entry, IdentityLookup identities, Membership membership) {
    long removed = membership.peopleRemoved();
    IntakeBatch batch;
    try {
      batch = IntakeBatch.decode(entry.bytes());
    } catch (IllegalArgumentException e) {
      return new ResolvedBatch(entry.position(), null, e.getMessage(), new int[0], new byte[0], 0);
    }
    int size = batch.rows().size();
    int[] persons = new int[size];
    byte[] kinds = new byte[size];
    MatcherRowResolver resolver = new MatcherRowResolver(identities);
    resolver.use(batch.rows());
    resolver.matchBase(persons, kinds);
    return new ResolvedBatch(entry.position(), batch, null, persons, kinds, removed);
  }
}
