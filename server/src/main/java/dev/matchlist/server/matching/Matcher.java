package dev.matchlist.server.matching;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.payload.RowBlock;
import dev.matchlist.server.intake.IntakeBatch;
import dev.matchlist.server.intake.Operation;
import dev.matchlist.server.intake.SessionRules;
import dev.matchlist.server.intake.SessionState;
import dev.matchlist.server.intake.SessionStore;
import dev.matchlist.server.matching.MembershipStore.PendingReplace;
import dev.matchlist.server.store.IntakeLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the intake log to {@link Membership}, in log order, on one background thread, with the
 * rows matched to people ahead of time on a pool.
 *
 * <p><b>Parallel matching.</b> Looking rows up in the identity base is most of the work (one cache
 * miss or more per row in a table far larger than the caches) and does not depend on earlier
 * batches, so a pool of {@link #RESOLVER_THREADS} threads decodes and matches the next entries of
 * the log (up to {@code batchesPerCommit} plus two per thread ahead) while the apply thread applies
 * the current ones strictly in log order. What depends on earlier batches stays on the apply
 * thread: the EXTERN_ID memory (learnt from one row, used by later ones, see {@link
 * MatcherRowResolver#withExternIdMemory}), the bitmaps, reports and replaces. Each look-up sees a
 * consistent identity index; a row matched ahead sees the identity base as it was then, as if its
 * batch had been applied a moment earlier. One exception is checked: when a person was removed from
 * the identity base after a batch was matched ({@link Membership#peopleRemoved()} moved), the batch
 * is matched again on the apply thread, so no deleted person comes back.
 *
 * <p><b>Exactly once.</b> Each round reads up to {@code batchesPerCommit} entries after the
 * membership's checkpoint and commits their membership changes, match reports and the new
 * checkpoint in one synced write; only then are the entries deleted from the log (upload hashes are
 * not kept once applied). A crash before the commit replays the entries, a crash after it skips
 * them, so each batch counts once. At start, entries at or before the checkpoint that a crash left
 * behind are deleted.
 *
 * <p><b>Replace.</b> A replace session's rows collect in a pending set, kept aside and durable.
 * Intake batches carry no last-batch flag, so the session store decides: the pending set becomes
 * the audience, in the same commit, once the session is closed (by its last batch or its 90-minute
 * window) and the rows of its applied batches add up to the session's {@code num_received}, i.e.
 * every batch it accepted has been applied. A session closed by its window with nothing more to
 * come is swapped when the matcher is next idle. A replace whose session is unknown (never the case
 * when sessions and batches are written together) is swapped right away.
 *
 * <p><b>Deleted audiences.</b> A batch of an audience that no longer exists (the {@code
 * audienceExists} predicate says no) is skipped, so batches still in the log when an audience is
 * deleted never bring its membership back. The check runs inside the membership commit, which takes
 * turns with {@link Membership#deleteAudience}: deleting the audience first and its membership
 * second leaves no window for a batch to slip in between.
 *
 * <p><b>EXTERN_ID and LDU.</b> EXTERN_IDs learnt from rows (see {@link MatcherRowResolver}) are
 * committed with the membership they helped build; expired ones are deleted from the store about
 * hourly when idle. Rows with {@code DATA_PROCESSING_OPTIONS ["LDU"]} mark their member as LDU in
 * the audience; a row of the same person without it clears the mark (see {@link AudienceMembers}).
 *
 * <p>An entry that does not decode is logged and skipped: it could never be applied, and blocking
 * the log behind it would stop every audience.
 */
public final class Matcher implements AutoCloseable {
  /** Batches applied per commit: one sync and one bitmap rewrite per touched audience each. */
  public static final int DEFAULT_BATCHES_PER_COMMIT = 64;

  /** Threads matching rows against the identity base ahead of the apply thread: one per core. */
  static final int RESOLVER_THREADS = Runtime.getRuntime().availableProcessors();

  private static final IdentityKind[] KINDS = IdentityKind.values();
  private static final Logger LOG = LoggerFactory.getLogger(Matcher.class);
  private static final long IDLE_NANOS = Duration.ofMillis(20).toNanos();
  private static final long FAILURE_BACKOFF_NANOS = Duration.ofSeconds(1).toNanos();
  // Expired EXTERN_IDs are already ignored; the sweep only deletes them from disk.
  private static final long EXTERN_ID_SWEEP_MILLIS = Duration.ofHours(1).toMillis();

  private final IntakeLog log;
  private final SessionStore sessions;
  private final Membership membership;
  private final Clock clock;
  private final int batchesPerCommit;
  private final IdentityLookup identities;
  private final MatcherRowResolver resolver;
  private final Predicate<String> audienceExists;
  private final int lookahead;
  // Entries after the checkpoint, in log order, each being matched on the pool. Apply thread only.
  private final ArrayDeque<Ahead> ahead = new ArrayDeque<>();
  // The last log position queued ahead (taken for a round or not); 0 after the queue is dropped.
  private long queuedThrough;
  private ExecutorService pool;
  private long lastExternIdSweepMillis = Long.MIN_VALUE / 2;
  private volatile boolean running;
  private Thread thread;

  public Matcher(
      IntakeLog log,
      SessionStore sessions,
      IdentityLookup identities,
      Membership membership,
      Clock clock,
      int batchesPerCommit) {
    this(log, sessions, identities, membership, clock, batchesPerCommit, audience -> true);
  }

  /**
   * @param audienceExists whether an audience id is still in the catalog; batches of audiences it
   *     denies are skipped
   */
  public Matcher(
      IntakeLog log,
      SessionStore sessions,
      IdentityLookup identities,
      Membership membership,
      Clock clock,
      int batchesPerCommit,
      Predicate<String> audienceExists) {
    if (batchesPerCommit < 1) {
      throw new IllegalArgumentException("batchesPerCommit must be 1 or more");
    }
    this.log = log;
    this.sessions = sessions;
    this.membership = membership;
    this.clock = clock;
    this.batchesPerCommit = batchesPerCommit;
    this.identities = identities;
    this.resolver = new MatcherRowResolver(identities);
    this.audienceExists = audienceExists;
    this.lookahead = batchesPerCommit + 2 * RESOLVER_THREADS;
  }

  public Matcher(
      IntakeLog log, SessionStore sessions, IdentityLookup identities, Membership membership) {
    this(log, sessions, identities, membership, Clock.systemUTC(), DEFAULT_BATCHES_PER_COMMIT);
  }

  /** Starts the matching thread. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("the matcher was started already");
    }
    running = true;
    // Background work: at the OS's lower priority, so look-ups and audience reads come first
    // (docs/operations.md, "Threads").
    thread =
        Thread.ofPlatform().name("matcher").priority(Thread.MIN_PRIORITY).daemon().start(this::run);
  }

  /** Tells an idle matcher that the log has new entries, so it need not wait for its next poll. */
  public void wakeUp() {
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** Stops the thread after the round in progress, waits for it, and stops the resolvers. */
  @Override
  public synchronized void close() {
    running = false;
    if (thread != null) {
      LockSupport.unpark(thread);
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private void run() {
    deleteAppliedEntries();
    while (running) {
      try {
        if (applyNext() == 0) {
          LockSupport.parkNanos(IDLE_NANOS);
        }
      } catch (RuntimeException e) {
        LOG.error("matching round failed; retrying from the last checkpoint", e);
        LockSupport.parkNanos(FAILURE_BACKOFF_NANOS);
      }
    }
  }

  /** Deletes log entries a crash left behind between a commit and its log deletion. */
  void deleteAppliedEntries() {
    if (membership.appliedThrough() > 0) {
      log.deleteThrough(membership.appliedThrough());
    }
  }

  /**
   * One round: applies up to {@code batchesPerCommit} entries, or, when there are none, finishes
   * the replaces whose sessions have closed since. For the thread, and for tests that drive the
   * matcher by hand instead of starting it.
   *
   * @return the number of entries applied
   */
  int applyNext() {
    long checkpoint = membership.appliedThrough();
    while (!ahead.isEmpty() && ahead.peekFirst().position() <= checkpoint) {
      ahead.pollFirst();
    }
    readAhead(checkpoint);
    if (ahead.isEmpty()) {
      finishClosedReplaces();
      forgetExpiredExternIds();
      return 0;
    }
    List<Ahead> round = new ArrayList<>(batchesPerCommit);
    while (round.size() < batchesPerCommit && !ahead.isEmpty()) {
      round.add(ahead.pollFirst());
    }
    readAhead(checkpoint); // the pool matches the next entries while this round applies
    long through = round.get(round.size() - 1).position();
    try {
      membership.apply(
          OptionalLong.of(through),
          update -> {
            for (Ahead entry : round) {
              apply(update, entry.resolved());
            }
          });
    } catch (RuntimeException e) {
      forgetAhead(); // the next round starts again from the checkpoint
      throw e;
    }
    log.deleteThrough(through);
    return round.size();
  }

  /**
   * Reads entries after the last one queued (or after {@code checkpoint}) up to the lookahead. The
   * last one queued may already be in the round being applied: those entries are still in the log
   * until the round commits, and must not be read and matched a second time.
   */
  private void readAhead(long checkpoint) {
    int room = lookahead - ahead.size();
    if (room <= 0) {
      return;
    }
    for (IntakeLog.Entry entry : log.readAfter(Math.max(checkpoint, queuedThrough), room)) {
      ahead.addLast(
          new Ahead(
              entry.position(),
              pool().submit(() -> ResolvedBatch.of(entry, identities, membership))));
      queuedThrough = entry.position();
    }
  }

  private void forgetAhead() {
    for (Ahead entry : ahead) {
      entry.future().cancel(false);
    }
    ahead.clear();
    queuedThrough = 0;
  }

  private synchronized ExecutorService pool() {
    if (pool == null) {
      pool =
          Executors.newFixedThreadPool(
              RESOLVER_THREADS,
              Thread.ofPlatform()
                  .name("matcher-resolve-", 0)
                  .priority(Thread.MIN_PRIORITY)
                  .daemon()
                  .factory());
    }
    return pool;
  }

  /** An entry queued for applying, and its matching on the pool. */
  private record Ahead(long position, Future<ResolvedBatch> future) {
    ResolvedBatch resolved() {
      try {
        return future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for entry " + position, e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("matching entry " + position + " failed", e.getCause());
      }
    }
  }

  /** Applies every entry visible now, in rounds; for tests and for draining at shutdown. */
  public void applyAll() {
    while (applyNext() > 0) {
      // keep going until the log is drained
    }
  }

  private void apply(MembershipUpdate update, ResolvedBatch resolved) {
    IntakeBatch batch = resolved.batch();
    if (batch == null) {
      LOG.error(
          "intake entry {} is not a batch and is skipped: {}",
          resolved.position(),
          resolved.undecodable());
      return;
    }
    if (!audienceExists.test(batch.audienceId())) {
      return;
    }
    String account = batch.adAccountId();
    Operation operation = batch.operation();
    AudienceMembers.Draft target =
        operation == Operation.REPLACE
            ? update.replace(account, batch.sessionId(), batch.audienceId())
            : update.audience(batch.audienceId());
    RowBlock rows = batch.rows();
    int valueColumn = rows.columnOf(SchemaKey.LOOKALIKE_VALUE);
    LduColumns ldu = LduColumns.of(rows);
    long[] matchesByKind = new long[IdentityKind.values().length];
    resolver.use(rows, account, update.externIds(), clock.millis());
    int[] persons = resolved.persons();
    byte[] kinds = resolved.kinds();
    if (resolved.peopleRemovedBefore() != membership.peopleRemoved()) {
      resolver.matchBase(persons, kinds); // someone left the identity base since: match again
    }
    boolean externIds = resolver.usesExternIdMemory();
    for (int r = 0; r < rows.size(); r++) {
      int person = persons[r];
      IdentityKind kind = KINDS[kinds[r]];
      if (externIds) {
        person =
            resolver.withExternIdMemory(
                r, person, person == IdentityLookup.NO_PERSON ? null : kind);
        kind = resolver.lastKind();
      }
      if (person == IdentityLookup.NO_PERSON) {
        continue;
      }
      matchesByKind[kind.ordinal()]++;
      if (operation == Operation.REMOVE) {
        target.remove(person);
        continue;
      }
      if (valueColumn >= 0 && rows.isPresent(valueColumn, r)) {
        target.add(person, (float) rows.number(valueColumn, r));
      } else {
        target.add(person);
      }
      if (ldu.isLdu(r)) {
        target.markLdu(person, ldu.region(r));
      } else {
        target.clearLdu(person);
      }
    }
    MatchReport report =
        update
            .report(account, batch.sessionId(), batch.audienceId())
            .plus(resolved.position(), batch.rowsReceived(), rows.size(), matchesByKind);
    update.putReport(report);
    if (operation == Operation.REPLACE && replaceComplete(report)) {
      update.swap(account, batch.sessionId(), batch.audienceId());
    }
  }

  /** The batch's data-processing columns; a batch without them has no LDU rows. */
  private record LduColumns(RowBlock rows, int options, int country, int state) {
    static LduColumns of(RowBlock rows) {
      return new LduColumns(
          rows,
          rows.columnOf(SchemaKey.DATA_PROCESSING_OPTIONS),
          rows.columnOf(SchemaKey.DATA_PROCESSING_OPTIONS_COUNTRY),
          rows.columnOf(SchemaKey.DATA_PROCESSING_OPTIONS_STATE));
    }

    boolean isLdu(int row) {
      return options >= 0 && (rows.options(options, row) & RowBlock.OPTION_LDU) != 0;
    }

    AudienceMembers.LduRegion region(int row) {
      return new AudienceMembers.LduRegion(
          country >= 0 ? rows.integer(country, row) : 0, state >= 0 ? rows.integer(state, row) : 0);
    }
  }

  private void forgetExpiredExternIds() {
    long now = clock.millis();
    if (now - lastExternIdSweepMillis >= EXTERN_ID_SWEEP_MILLIS) {
      lastExternIdSweepMillis = now;
      membership.forgetExpiredExternIds(now);
    }
  }

  private void finishClosedReplaces() {
    for (PendingReplace pending : membership.pendingReplaces()) {
      Optional<MatchReport> report =
          membership.matchReport(pending.adAccountId(), pending.sessionId());
      if (report.isPresent() && replaceComplete(report.get())) {
        membership.apply(
            OptionalLong.empty(),
            update ->
                update.swap(pending.adAccountId(), pending.sessionId(), pending.audienceId()));
      }
    }
  }

  private boolean replaceComplete(MatchReport report) {
    Optional<SessionState> session = sessions.session(report.adAccountId(), report.sessionId());
    if (session.isEmpty()) {
      return true;
    }
    SessionState state = session.get();
    boolean closed = state.isClosed() || SessionRules.expire(state, clock.millis()).isPresent();
    return closed && report.rowsReceived() >= state.numReceived();
  }
}
