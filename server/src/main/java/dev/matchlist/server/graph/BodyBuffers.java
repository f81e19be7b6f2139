package dev.matchlist.server.graph;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Reused arrays for big request bodies. An upload body is hundreds of KB to a few MB, read whole
 * for every request: allocated fresh each time, the bodies were the largest share of the server's
 * allocation under upload load, and so of its young collections — the pauses that make a look-up's
 * tail. A body array is leased while its request is decoded, handled and answered, then returned.
 * Thread-safe.
 */
final class BodyBuffers {
  private final ArrayBlockingQueue<byte[]> free;
  private final int largestKept;

  /**
   * @param kept how many arrays to keep for reuse (about the requests handled at once)
   * @param largestKept arrays above this many bytes are never kept
   */
  BodyBuffers(int kept, int largestKept) {
    this.free = new ArrayBlockingQueue<>(kept);
    this.largestKept = largestKept;
  }

  /** An array of at least {@code length} bytes, reused when a kept one is large enough. */
  byte[] lease(int length) {
    byte[] kept = length <= largestKept ? free.poll() : null;
    if (kept != null && kept.length >= length) {
      return kept;
    }
    // Some headroom, so that the next body of about this size fits the same array.
    return new byte[length <= largestKept ? Math.min(largestKept, length + length / 8) : length];
  }

  /** Gives back an array from {@link #lease}; nothing may read or write it afterwards. */
  void release(byte[] body) {
    if (body.length <= largestKept) {
      free.offer(body); // dropped when enough are kept
    }
  }
}
