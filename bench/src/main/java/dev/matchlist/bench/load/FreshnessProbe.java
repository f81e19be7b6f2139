package dev.matchlist.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Sends small batches of people nobody uploaded yet to the probe audience, one at a time, and
 * measures acknowledgement → the audience's count reflecting them.
 */
final class FreshnessProbe implements AutoCloseable {
  /** People a probe batch adds. */
  static final int BATCH_ROWS = 100;

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final RawHttpConnection http;
  private final String path;
  private final String token;
  private final LongSupplier count;
  private final int firstPerson;
  private final int batches;
  private int sent;

  FreshnessProbe(
      URI base, AdminSetup.Target target, LongSupplier count, int firstPerson, int batches) {
    this.http = new RawHttpConnection(base);
    this.token = target.token();
    this.count = count;
    this.firstPerson = firstPerson;
    this.batches = batches;
    this.path = "/v21.0/" + target.probeAudience() + "/users";
  }

  int remaining() {
    return batches - sent;
  }

  @Override
  public void close() {
    try {
      http.close();
    } catch (IOException e) {
      // the connection is gone either way
    }
  }

  /**
   * Sends the next batch and waits until it is counted; records the wait into {@code into} (when
   * given) and returns the moment it was counted, or -1 when it was not within the timeout.
   */
  long measure(Histogram into) {
    byte[] payload =
        KeySet.SINGLE.payload(firstPerson + sent * BATCH_ROWS, BATCH_ROWS, Integer.MAX_VALUE);
    UploadBody body = UploadEncoding.JSON.encode(token, payload);
    sent++;
    long expected = (long) sent * BATCH_ROWS;
    try {
      RawHttpConnection.Answer answer = http.send(http.head(path, body), body.bytes());
      long acked = System.nanoTime();
      if (answer.status() != 200) {
        throw new IllegalStateException("probe upload refused: " + answer.body());
      }
      long deadline = acked + TIMEOUT.toNanos();
      while (count.getAsLong() < expected) {
        if (System.nanoTime() > deadline) {
          return -1;
        }
        LockSupport.parkNanos(200_000);
      }
      long counted = System.nanoTime();
      if (into != null) {
        into.recordValue((counted - acked) / 1_000);
      }
      return counted;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
