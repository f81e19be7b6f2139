package dev.matchlist.server.matching;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.payload.RowBlock;
import java.util.Arrays;

/**
 * Resolves the rows of one batch to people: for each row, the first {@link IdentityKind} in
 * priority order whose identifier is in the row and belongs to a person wins. Strong kinds use the
 * row's hash as is; a combination needs every component present and looks up {@link
 * IdentityKind#compositeIdentifier} of their hashes. Not thread-safe (reuses a buffer).
 *
 * <p><b>EXTERN_ID memory</b> ({@link ExternIdMemory}). The identity base is asked first, in
 * priority order. When the row also carries an EXTERN_ID and another kind found the person, the
 * pair is remembered for the batch's ad account (refreshing it: the row itself is the latest word
 * on whose id it is). When nothing in the identity base matches, the remembered EXTERN_ID decides
 * and {@link #lastKind()} is {@link IdentityKind#EXTERN_ID}. So a row's own identifiers beat what
 * was learnt from earlier rows.
 *
 * <p>The matcher splits this in two: {@link #matchBase} (identity base only, independent of other
 * batches, run ahead on a pool) and {@link #withExternIdMemory} (on the apply thread, in log
 * order).
 */
final class MatcherRowResolver {
  private static final IdentityKind[] KINDS = IdentityKind.values();

  private final IdentityLookup identities;
  // Rows looked up together by matchBase: enough cache misses in flight, few enough to stay in L1.
  private static final int GROUP = 16;

  private final byte[] buffer = new byte[5 * RowBlock.IDENTIFIER_BYTES];
  private final byte[] group = new byte[GROUP * RowBlock.IDENTIFIER_BYTES];
  private final int[] groupRows = new int[GROUP];
  private final int[] groupPersons = new int[GROUP];
  private RowBlock rows;
  // Per kind, the columns of its components, or null when the schema lacks one of them.
  private final int[][] columns = new int[KINDS.length][];
  private IdentityKind lastKind;
  private final byte[] externId = new byte[RowBlock.IDENTIFIER_BYTES];
  private int externIdColumn = -1;
  private ExternIdMemory.Draft memory;
  private String adAccountId;
  private long nowMillis;

  MatcherRowResolver(IdentityLookup identities) {
    this.identities = identities;
  }

  /** Whether rows of this batch can touch the EXTERN_ID memory (it has an EXTERN_ID column). */
  boolean usesExternIdMemory() {
    return memory != null && externIdColumn >= 0;
  }

  /** Prepares for the rows of a new batch, without EXTERN_ID memory. */
  void use(RowBlock rows) {
    use(rows, null, null, 0);
  }

  /**
   * Prepares for the rows of a new batch of the ad account, learning and using EXTERN_IDs in {@code
   * memory} as of {@code nowMillis}.
   */
  void use(RowBlock rows, String adAccountId, ExternIdMemory.Draft memory, long nowMillis) {
    this.rows = rows;
    this.adAccountId = adAccountId;
    this.memory = memory;
    this.nowMillis = nowMillis;
    this.externIdColumn = rows.columnOf(SchemaKey.EXTERN_ID);
    for (IdentityKind kind : KINDS) {
      int[] cols = new int[kind.components().size()];
      boolean all = true;
      for (int i = 0; i < cols.length; i++) {
        SchemaKey key = kind.components().get(i);
        cols[i] = rows.columnOf(key);
        all &= cols[i] >= 0;
      }
      columns[kind.ordinal()] = all ? cols : null;
    }
  }

  /**
   * The person row {@code row} resolves to, or {@link IdentityLookup#NO_PERSON}; after a match,
   * {@link #lastKind()} tells which kind matched.
   */
  int personOf(int row) {
    int person = baseMatch(row);
    return withExternIdMemory(row, person, person == IdentityLookup.NO_PERSON ? null : lastKind);
  }

  /**
   * Matches every row against the identity base only (no EXTERN_ID memory): {@code persons[r]} the
   * person or {@link IdentityLookup#NO_PERSON}, {@code kinds[r]} the matching kind's ordinal. This
   * part does not depend on earlier batches, so it may run ahead of the batch's turn, on any thread
   * with its own resolver.
   */
  void matchBase(int[] persons, byte[] kinds) {
    int size = rows.size();
    Arrays.fill(persons, 0, size, IdentityLookup.NO_PERSON);
    Arrays.fill(kinds, 0, size, (byte) 0);
    // In groups of rows, kind by kind in priority order: the index sees a group's look-ups at once.
    for (int from = 0; from < size; from += GROUP) {
      int to = Math.min(size, from + GROUP);
      for (IdentityKind kind : KINDS) {
        int[] cols = columns[kind.ordinal()];
        if (cols == null) {
          continue;
        }
        int count = 0;
        for (int r = from; r < to; r++) {
          if (persons[r] == IdentityLookup.NO_PERSON && allPresent(cols, r)) {
            identifierInto(kind, cols, r, group, count * RowBlock.IDENTIFIER_BYTES);
            groupRows[count++] = r;
          }
        }
        if (count == 0) {
          continue;
        }
        identities.personsOf(kind, group, count, groupPersons);
        for (int i = 0; i < count; i++) {
          if (groupPersons[i] != IdentityLookup.NO_PERSON) {
            persons[groupRows[i]] = groupPersons[i];
            kinds[groupRows[i]] = (byte) kind.ordinal();
          }
        }
      }
    }
  }

  /** The row's identifier of the kind (its hash, or the combination's) into {@code out}. */
  private void identifierInto(IdentityKind kind, int[] cols, int row, byte[] out, int offset) {
    if (!kind.isComposite()) {
      rows.copyIdentifier(cols[0], row, out, offset);
      return;
    }
    for (int i = 0; i < cols.length; i++) {
      rows.copyIdentifier(cols[i], row, buffer, i * RowBlock.IDENTIFIER_BYTES);
    }
    byte[] composite =
        kind.compositeIdentifier(Arrays.copyOf(buffer, cols.length * RowBlock.IDENTIFIER_BYTES));
    System.arraycopy(composite, 0, out, offset, RowBlock.IDENTIFIER_BYTES);
  }

  /**
   * The order-dependent end of {@link #personOf}: given what the identity base said for the row
   * ({@code kind} null when nothing matched), learns or uses the row's EXTERN_ID. Returns the
   * person and leaves the matching kind in {@link #lastKind()}.
   */
  int withExternIdMemory(int row, int person, IdentityKind kind) {
    lastKind = kind;
    if (memory == null || externIdColumn < 0 || !rows.isPresent(externIdColumn, row)) {
      return person;
    }
    rows.copyIdentifier(externIdColumn, row, externId, 0);
    if (person == IdentityLookup.NO_PERSON) {
      person = memory.personOf(adAccountId, externId, 0, nowMillis);
      if (person != IdentityLookup.NO_PERSON) {
        lastKind = IdentityKind.EXTERN_ID;
      }
    } else if (lastKind != IdentityKind.EXTERN_ID) {
      memory.remember(adAccountId, externId, 0, person, nowMillis);
    }
    return person;
  }

  private int baseMatch(int row) {
    for (IdentityKind kind : KINDS) {
      int[] cols = columns[kind.ordinal()];
      if (cols == null || !allPresent(cols, row)) {
        continue;
      }
      for (int i = 0; i < cols.length; i++) {
        rows.copyIdentifier(cols[i], row, buffer, i * RowBlock.IDENTIFIER_BYTES);
      }
      int person =
          kind.isComposite()
              ? identities.personOf(
                  kind,
                  kind.compositeIdentifier(
                      Arrays.copyOf(buffer, cols.length * RowBlock.IDENTIFIER_BYTES)),
                  0)
              : identities.personOf(kind, buffer, 0);
      if (person != IdentityLookup.NO_PERSON) {
        lastKind = kind;
        return person;
      }
    }
    return IdentityLookup.NO_PERSON;
  }

  IdentityKind lastKind() {
    return lastKind;
  }

  private boolean allPresent(int[] cols, int row) {
    for (int col : cols) {
      if (!rows.isPresent(col, row)) {
        return false;
      }
    }
    return true;
  }
}
