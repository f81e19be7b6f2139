package dev.matchlist.server.admin;

import dev.matchlist.server.graph.GraphError;
import dev.matchlist.server.graph.GraphException;
import dev.matchlist.server.graph.GraphRequest;
import dev.matchlist.server.graph.ParamValue;
import dev.matchlist.server.matching.IdentityBase;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Applies the requests of one identities load in their order while several are in flight.
 *
 * <p>Why: a request's parsing, normalizing and hashing need not wait for the previous request's
 * write, but its write must come after that one's (a later line of the file wins over an earlier
 * one for the same user id). A request with {@code load_id} and {@code sequence} (1, 2, ...) is
 * prepared at once, then waits for its {@link Turn} — until every earlier request of its load is
 * staged ({@link IdentityBase#stage}) — and only then staged, on the write of its predecessor: if
 * that write fails, so does this one. Requests of a load are therefore applied as a prefix: 1..n,
 * with no gaps. Once a request fails, or its predecessor does not arrive within {@link
 * #ARRIVAL_WAIT}, every later request of that load is refused (a Graph error naming the one that
 * broke the order); the client starts a new load, which is safe because re-loading a user replaces
 * it.
 *
 * <p>A request without a load id is applied as soon as it is prepared, as before.
 */
final class IdentitiesAdminLoads {
  /**
   * How long a request waits for its predecessor to arrive. Requests of a load leave the client
   * together, so they arrive within milliseconds of each other; seconds cover a GC pause or a slow
   * link's skew. Past it the predecessor is taken as lost (the client failed or stopped sending).
   */
  static final Duration ARRIVAL_WAIT = Duration.ofSeconds(5);

  /** How far ahead of the last applied request a request may be: bounds the memory held. */
  static final int MAX_AHEAD = 8;

  /** A load with no request for this long is forgotten (its later requests are then refused). */
  private static final long IDLE_NANOS = Duration.ofMinutes(10).toNanos();

  private static final Pattern LOAD_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /**
   * A request's place in its load: {@link #await} its turn, mark it {@link #staged}, then {@link
   * #applied}.
   */
  interface Turn extends AutoCloseable {
    /**
     * Blocks until every earlier request of the load is staged; refuses if one never will be.
     *
     * @return the write of the request before, which this one's must follow; null for none
     */
    IdentityBase.@Nullable StagedWrite await();

    /**
     * This request is staged as {@code write} (or, with no users, follows {@code write}): the next
     * request may be staged on it.
     */
    void staged(IdentityBase.@Nullable StagedWrite write);

    /** This request is applied (written and synced). */
    void applied();

    /** Extra fields of the answer naming this request's place, if it has one. */
    Map<String, Object> answerFields();

    /** Ends the request: unless {@link #applied}, it failed, and no later one may be applied. */
    @Override
    void close();
  }

  private static final Turn UNORDERED =
      new Turn() {
        @Override
        public IdentityBase.@Nullable StagedWrite await() {
          return null;
        }

        @Override
        public void staged(IdentityBase.@Nullable StagedWrite write) {}

        @Override
        public void applied() {}

        @Override
        public Map<String, Object> answerFields() {
          return Map.of();
        }

        @Override
        public void close() {}
      };

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, Load> loads = new HashMap<>();

  /** The requests of one load seen so far. */
  private static final class Load {
    /** Every request up to this sequence number is applied. */
    long applied;

    /** Every request up to this sequence number is staged: the last one's write. */
    long staged;

    IdentityBase.@Nullable StagedWrite lastStaged;

    /** The first request that failed (or was refused); nothing from it on is applied. */
    long failed = Long.MAX_VALUE;

    /** Requests that arrived and are being prepared or waiting for their turn. */
    final Set<Long> inFlight = new HashSet<>();

    long lastSeen;
  }

  /**
   * Registers the request's arrival in its load ({@code load_id}, {@code sequence}), or returns a
   * turn that is always its own when it names no load.
   *
   * @throws GraphException when the request can never be applied in order
   */
  Turn arrive(GraphRequest request) {
    Optional<ParamValue> loadId = request.param("load_id");
    Optional<ParamValue> sequence = request.param("sequence");
    if (loadId.isEmpty() && sequence.isEmpty()) {
      return UNORDERED;
    }
    if (loadId.isEmpty() || sequence.isEmpty()) {
      throw GraphError.invalidParameter("load_id and sequence go together: send both or neither")
          .exception();
    }
    String id = loadId.get().stringValue().strip();
    if (!LOAD_ID.matcher(id).matches()) {
      throw GraphError.invalidParameter(
              "load_id must be 1 to 64 letters, digits, '.', '_' or '-' (one per load, e.g. a"
                  + " UUID)")
          .exception();
    }
    return arrive(id, sequenceOf(sequence.get()));
  }

  private static long sequenceOf(ParamValue value) {
    try {
      long sequence = Long.parseLong(value.stringValue().strip());
      if (sequence >= 1) {
        return sequence;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw GraphError.invalidParameter(
            "sequence must be a whole number from 1: the request's place in its load")
        .exception();
  }

  private Turn arrive(String id, long sequence) {
    lock.lock();
    try {
      long now = System.nanoTime();
      forgetIdle(now);
      Load load = loads.computeIfAbsent(id, k -> new Load());
      load.lastSeen = now;
      if (sequence <= load.applied) {
        throw refusal(id, sequence, "was applied already");
      }
      if (load.failed <= sequence) {
        throw brokenOrder(id, sequence, load.failed);
      }
      if (sequence > load.applied + MAX_AHEAD) {
        throw refusal(
            id,
            sequence,
            "is more than " + MAX_AHEAD + " ahead of the last applied (" + load.applied + ")");
      }
      if (!load.inFlight.add(sequence)) {
        throw refusal(id, sequence, "is being loaded already");
      }
      return new Sequenced(id, sequence, load);
    } finally {
      lock.unlock();
    }
  }

  private void forgetIdle(long now) {
    for (Iterator<Load> it = loads.values().iterator(); it.hasNext(); ) {
      Load load = it.next();
      if (load.inFlight.isEmpty() && now - load.lastSeen > IDLE_NANOS) {
        it.remove();
      }
    }
  }

  private final class Sequenced implements Turn {
    private final String id;
    private final long sequence;
    private final Load load;
    private boolean applied;

    Sequenced(String id, long sequence, Load load) {
      this.id = id;
      this.sequence = sequence;
      this.load = load;
    }

    @Override
    public IdentityBase.@Nullable StagedWrite await() {
      lock.lock();
      try {
        long arrivalDeadline = System.nanoTime() + ARRIVAL_WAIT.toNanos();
        while (load.staged < sequence - 1) {
          if (load.failed < sequence) {
            throw brokenOrder(id, sequence, load.failed);
          }
          if (load.inFlight.contains(sequence - 1)) {
            changed.await(); // it arrived: it ends applied or failed, and signals
            continue;
          }
          long left = arrivalDeadline - System.nanoTime();
          if (left <= 0) {
            throw refusal(
                id,
                sequence,
                "is not applied: request "
                    + (sequence - 1)
                    + " did not arrive within "
                    + ARRIVAL_WAIT.toSeconds()
                    + " s (requests of a load are applied in order); start the load again");
          }
          changed.await(left, TimeUnit.NANOSECONDS);
        }
        return load.lastStaged;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw refusal(id, sequence, "was interrupted while waiting for its turn");
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void staged(IdentityBase.@Nullable StagedWrite write) {
      lock.lock();
      try {
        load.staged = sequence;
        load.lastStaged = write;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void applied() {
      lock.lock();
      try {
        applied = true;
        // the next request may be written before this one answers
        load.applied = Math.max(load.applied, sequence);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public Map<String, Object> answerFields() {
      return Map.of("load_id", id, "sequence", sequence);
    }

    @Override
    public void close() {
      lock.lock();
      try {
        load.inFlight.remove(sequence);
        load.lastSeen = System.nanoTime();
        if (!applied) {
          load.failed = Math.min(load.failed, sequence);
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private static GraphException brokenOrder(String id, long sequence, long failed) {
    return refusal(
        id,
        sequence,
        "is not applied: request "
            + failed
            + " of the load failed and requests of a load are applied in order; start the load"
            + " again");
  }

  private static GraphException refusal(String id, long sequence, String problem) {
    return GraphError.invalidParameter("Request " + sequence + " of load " + id + " " + problem)
        .exception();
  }
}
