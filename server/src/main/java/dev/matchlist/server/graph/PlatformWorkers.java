package dev.matchlist.server.graph;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs heavy handlers on platform threads while the request's virtual thread waits, unmounted.
 *
 * <p>Why: requests run on virtual threads, which share one carrier thread per core and are never
 * preempted. An upload parses a 10,000-row body for milliseconds and then waits for a synced
 * RocksDB write, a native call that pins its carrier for the whole disk sync. Two uploads could
 * hold both carriers of a 2-core machine, and a membership look-up — 50 µs of work — waited behind
 * them for milliseconds. On platform threads the uploads are scheduled by the OS like any other
 * thread, and the carriers stay free for quick requests. For the same reason a big body is read and
 * decoded here too ({@link GraphRoutes.Builder#bigBodiesOn}).
 *
 * <p>The workers run at {@link Thread#MIN_PRIORITY}: with {@code -XX:ThreadPriorityPolicy=1} (which
 * {@code bin/matchlist serve} passes) that is a higher nice value, so when uploads keep every core
 * busy the OS still runs a waiting look-up first (docs/operations.md, "Threads"). Without that
 * option Java priorities are hints the JVM ignores on Linux.
 */
public final class PlatformWorkers implements AutoCloseable {
  /** Runs each handler on the calling thread: for tests and tools without a server. */
  public static final PlatformWorkers INLINE = new PlatformWorkers(null, 0);

  // The pool a worker thread belongs to: work handed over from one of them runs in place.
  private static final ThreadLocal<PlatformWorkers> OWNER = new ThreadLocal<>();

  private final @Nullable ExecutorService pool;

  private PlatformWorkers(@Nullable String name, int threads) {
    if (name == null) {
      this.pool = null;
      return;
    }
    AtomicInteger count = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Runnable owned =
                  () -> {
                    OWNER.set(this);
                    task.run();
                  };
              Thread thread = new Thread(owned, name + "-" + count.incrementAndGet());
              thread.setDaemon(true);
              thread.setPriority(Thread.MIN_PRIORITY);
              return thread;
            });
  }

  /**
   * {@code threads} daemon platform threads named {@code name-N}. Requests beyond that wait in
   * line; concurrent synced writes from these threads still share disk syncs (group commit).
   */
  public static PlatformWorkers start(String name, int threads) {
    return new PlatformWorkers(name, threads);
  }

  /** {@code handler}, run on one of these threads; its answer or exception comes back as is. */
  public GraphHandler run(GraphHandler handler) {
    return request -> call(() -> handler.handle(request));
  }

  /**
   * Runs {@code work} on one of these threads while the caller waits, and returns its result or
   * throws its exception as is; on one of these threads already (or {@link #INLINE}), runs it in
   * place, so nested hand-overs cannot exhaust the pool.
   */
  public <T> T call(Supplier<T> work) {
    if (pool == null || OWNER.get() == this) {
      return work.get();
    }
    // submit/get hand the work over and back with happens-before: one thread at a time
    Future<T> answer = pool.submit(work::get);
    try {
      return answer.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a worker ran the request", e);
    }
  }

  /** Lets running requests finish (a few seconds at most), then stops the threads. */
  @Override
  public void close() {
    if (pool == null) {
      return;
    }
    pool.shutdown();
    try {
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
