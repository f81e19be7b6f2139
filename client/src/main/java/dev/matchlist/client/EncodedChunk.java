package dev.matchlist.client;

import java.util.ArrayList;
import java.util.List;

/**
 * The wire rows of a {@link RawChunk}, already in the body's syntax (JSON, or form-encoded JSON)
 * one after the other, with what the chunk's rows went through. Written by one worker, then read by
 * the uploading thread.
 */
final class EncodedChunk {
  /** Samples kept per chunk: enough for the report's first samples whatever the chunk size. */
  static final int SAMPLES = 20;

  final Bytes bytes;
  final long endOrdinal;
  private int[] ends;
  private long[] ordinals;
  private int count;
  long rowsRead;
  long rowsDropped;
  final long[] invalidByKey;
  final List<InvalidSample> samples = new ArrayList<>();

  /**
   * @param bytes where the rows go: cleared here (the uploader hands buffers of finished chunks
   *     back, so a run allocates a few of them rather than one per chunk)
   */
  EncodedChunk(Bytes bytes, int rows, int keys, long endOrdinal) {
    bytes.clear();
    this.bytes = bytes;
    this.ends = new int[Math.max(1, rows)];
    this.ordinals = new long[Math.max(1, rows)];
    this.invalidByKey = new long[keys];
    this.endOrdinal = endOrdinal;
  }

  /** Marks the bytes written since the previous row as the row of source row {@code ordinal}. */
  void rowEnded(long ordinal) {
    if (count == ends.length) {
      ends = java.util.Arrays.copyOf(ends, count * 2);
      ordinals = java.util.Arrays.copyOf(ordinals, count * 2);
    }
    ends[count] = bytes.size();
    ordinals[count] = ordinal;
    count++;
  }

  void sample(InvalidSample sample) {
    if (samples.size() < SAMPLES) {
      samples.add(sample);
    }
  }

  /** Wire rows in the chunk. */
  int count() {
    return count;
  }

  int start(int row) {
    return row == 0 ? 0 : ends[row - 1];
  }

  int end(int row) {
    return ends[row];
  }

  long ordinal(int row) {
    return ordinals[row];
  }
}
