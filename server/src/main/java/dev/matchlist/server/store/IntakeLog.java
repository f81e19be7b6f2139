package dev.matchlist.server.store;

import java.util.List;

/**
 * The durable log of accepted upload batches, between the request that brought a batch and the
 * matcher that applies it. Shaped by the flow, not by a storage engine, so that another backend can
 * implement it.
 *
 * <p>Positions are positive, increase with every append and are never reused, not even after the
 * entries before them were deleted and the store reopened: the matcher's "applied through"
 * checkpoint stays meaningful across restarts.
 */
public interface IntakeLog {
  /**
   * Appends {@code entry}. When this returns, the entry is on disk (fsync): a crash at any later
   * moment keeps it. Concurrent appends share one disk sync (group commit).
   *
   * @return the entry's position
   */
  long append(byte[] entry);

  /**
   * Up to {@code max} entries after {@code position}, in position order. An entry whose append is
   * still in flight is not returned, nor is anything after it, so a reader that advances its cursor
   * to the last entry it got never skips one.
   */
  List<Entry> readAfter(long position, int max);

  /** Deletes the entries up to and including {@code position}: they have been applied. */
  void deleteThrough(long position);

  /** One stored batch. */
  record Entry(long position, byte[] bytes) {}
}
