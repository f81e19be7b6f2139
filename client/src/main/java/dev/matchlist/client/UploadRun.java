package dev.matchlist.client;

import dev.matchlist.core.SchemaKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One run of {@link Uploader#upload}: reads the source on the calling thread, encodes chunks on
 * worker threads (results taken back in source order), cuts batches, and sends them: batch 1 alone,
 * the middle ones up to {@code inFlight} at a time, the last one alone once all others are
 * acknowledged. Every acknowledgement advances the checkpoint.
 */
final class UploadRun {
  /** Source rows per encoding task: big enough to amortize the hand-off, small enough to spread. */
  private static final int CHUNK_ROWS = 2048;

  /** Invalid samples the report keeps. */
  static final int REPORT_SAMPLES = 20;

  /** Session ids below 2^53 survive JSON parsers that read numbers as doubles. */
  private static final long MAX_SESSION_ID = 1L << 53;

  private final GraphClient client;
  private final Uploader.Settings settings;
  private final RowSource source;
  private final List<SchemaKey> schema;
  private final RowEncoder encoder;
  private final PayloadSyntax syntax;
  private final byte[] payloadStart;
  private final byte[] bodyHead;
  private final int bodyTailRoom;
  private final long estimatedTotal;
  private final OptionalLong estimatedRows;
  private final long started = System.nanoTime();

  // Fixed at the start: from the checkpoint when resuming.
  private final long sessionId;
  private final boolean resumed;
  private final int batchRows;
  private final long maxBatchBytes;
  private final long skipRows;
  private final Set<Integer> acknowledgedBefore;
  private final String fingerprint;

  // Reading side: the calling thread only.
  // Volatile: sender threads read them for progress events.
  private volatile long rowsRead;
  private volatile long rowsInvalid;
  private final long[] invalidByKey;
  private final List<InvalidSample> samples = new ArrayList<>();
  private int nextSeq;
  private @Nullable Batch held;

  // Acknowledgement side: guarded by this.
  private int acknowledgedThrough;
  private long rowsConsumed;
  private final TreeMap<Integer, Long> acknowledgedAhead = new TreeMap<>();
  private long rowsSent;
  private long batchesSent;
  private long numReceived;
  private long numInvalidEntries;

  private final AtomicLong rowsDispatched = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicInteger batchesFormed = new AtomicInteger();
  private volatile @Nullable Throwable failure;
  private final Semaphore permits;
  private final Set<Thread> sleeping = java.util.concurrent.ConcurrentHashMap.newKeySet();

  // Buffers handed back for reuse: fewer fresh pages to fault in and zero (the JVM's heap grows
  // into new memory when every chunk and every 700 KB batch body is new).
  private final Queue<Bytes> spareChunkBuffers = new ConcurrentLinkedQueue<>();
  private final Queue<byte[]> spareBodies = new ConcurrentLinkedQueue<>();
  private final Object listenerLock = new Object();

  /**
   * A batch ready to send: its body up to the end of the payload, {@code body[0, payloadEnd)}, with
   * room after it for the tail (session, token), which is written when the batch is dispatched and
   * its last flag is known. Where it ends in the source.
   */
  private record Batch(int seq, byte[] body, int payloadEnd, int rows, long endOrdinal) {}

  /** Thrown inside the run to stop reading once a batch has failed. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super(null, null, false, false);
    }
  }

  UploadRun(GraphClient client, Uploader.Settings settings, CustomerRecords records) {
    this.client = client;
    this.settings = settings;
    this.source = (RowSource) records;
    this.schema = source.schema();
    this.syntax = client.payloadSyntax();
    this.encoder = new RowEncoder(settings.normalizer(), source, syntax);
    this.payloadStart = syntax.payloadStart(schema);
    this.bodyHead = client.usersBodyHead();
    this.estimatedRows = records.estimatedRows();
    this.estimatedTotal = estimatedRows.orElse(0);
    this.invalidByKey = new long[schema.size()];
    this.permits = new Semaphore(settings.inFlight());
    this.fingerprint = source.fingerprint();
    List<String> schemaNames = schema.stream().map(SchemaKey::name).toList();
    Checkpoint previous =
        settings.checkpoint() == null ? null : Checkpoint.load(settings.checkpoint()).orElse(null);
    if (previous != null) {
      String mismatch =
          previous.mismatch(settings.audienceId(), settings.operation(), schemaNames, fingerprint);
      if (mismatch != null) {
        throw new IllegalStateException(
            "checkpoint "
                + settings.checkpoint()
                + " belongs to another upload: "
                + mismatch
                + "; delete it to start a new upload");
      }
      this.sessionId = previous.sessionId();
      this.resumed = true;
      this.batchRows = previous.batchRows();
      this.maxBatchBytes = previous.maxBatchBytes();
      this.skipRows = previous.rowsConsumed();
      this.acknowledgedThrough = previous.acknowledgedThroughSeq();
      this.rowsConsumed = previous.rowsConsumed();
      this.acknowledgedBefore = new HashSet<>(previous.acknowledgedAfter());
    } else {
      this.sessionId =
          settings.sessionId() > 0
              ? settings.sessionId()
              : 1 + new SecureRandom().nextLong(MAX_SESSION_ID - 1);
      this.resumed = false;
      this.batchRows = settings.batchRows();
      this.maxBatchBytes = settings.maxBatchBytes();
      this.skipRows = 0;
      this.acknowledgedBefore = Set.of();
    }
    this.nextSeq = acknowledgedThrough + 1;
    // The longest tail: "last_batch_flag":false, a seq of ten digits.
    this.bodyTailRoom =
        client.usersBodyTail(new Session(sessionId, Integer.MAX_VALUE, false, estimatedTotal))
            .length;
  }

  UploadReport run() {
    ExecutorService encoders =
        settings.workers() == 0
            ? null
            : Executors.newFixedThreadPool(settings.workers(), daemon("matchlist-encode"));
    ExecutorService senders =
        Executors.newFixedThreadPool(settings.inFlight(), daemon("matchlist-send"));
    Throwable readFailure = null;
    try {
      saveCheckpoint();
      source.skip(skipRows);
      readEncodeAndSend(encoders, senders);
    } catch (Stopped e) {
      // A batch failed; its failure is reported below.
    } catch (RuntimeException e) {
      readFailure = e;
    } finally {
      awaitInFlight();
      if (encoders != null) {
        encoders.shutdownNow();
      }
      senders.shutdownNow();
    }
    Throwable cause = failure != null ? failure : readFailure;
    UploadReport report = report();
    if (cause != null) {
      throw new UploadFailedException(failureMessage(cause), report, cause);
    }
    if (settings.checkpoint() != null) {
      Checkpoint.delete(settings.checkpoint());
    }
    return report;
  }

  private void readEncodeAndSend(@Nullable ExecutorService encoders, ExecutorService senders) {
    BatchCutter cutter = new BatchCutter(senders);
    if (encoders == null) {
      for (RawChunk chunk = source.next(CHUNK_ROWS);
          chunk != null;
          chunk = source.next(CHUNK_ROWS)) {
        cutter.take(encoder.encode(chunk, chunkBuffer()));
      }
    } else {
      ArrayDeque<Future<EncodedChunk>> pending = new ArrayDeque<>();
      int depth = 2 * settings.workers() + 1;
      for (RawChunk chunk = source.next(CHUNK_ROWS);
          chunk != null;
          chunk = source.next(CHUNK_ROWS)) {
        RawChunk rows = chunk;
        pending.add(encoders.submit(() -> encoder.encode(rows, chunkBuffer())));
        if (pending.size() > depth) {
          cutter.take(await(pending.remove()));
        }
      }
      while (!pending.isEmpty()) {
        cutter.take(await(pending.remove()));
      }
    }
    cutter.finish();
  }

  /** Cuts encoded rows into batches and hands them to the senders, holding the last one back. */
  private final class BatchCutter {
    private final ExecutorService senders;
    private final Bytes current = new Bytes(1 << 20);
    private int rows;
    private long endOrdinal;

    BatchCutter(ExecutorService senders) {
      this.senders = senders;
      current.write(payloadStart);
    }

    void take(EncodedChunk chunk) {
      rowsRead += chunk.rowsRead;
      rowsInvalid += chunk.rowsDropped;
      for (int i = 0; i < invalidByKey.length; i++) {
        invalidByKey[i] += chunk.invalidByKey[i];
      }
      for (InvalidSample sample : chunk.samples) {
        if (samples.size() < REPORT_SAMPLES) {
          samples.add(sample);
        }
      }
      for (int r = 0; r < chunk.count(); r++) {
        int start = chunk.start(r);
        int end = chunk.end(r);
        long projected =
            (long) current.size() + syntax.comma.length + (end - start) + syntax.payloadEnd.length;
        if (rows > 0 && (rows == batchRows || projected > maxBatchBytes)) {
          cut();
        }
        if (rows > 0) {
          current.write(syntax.comma);
        }
        current.write(chunk.bytes, start, end);
        rows++;
        endOrdinal = chunk.ordinal(r) + 1;
      }
      spareChunkBuffers.add(chunk.bytes);
    }

    void finish() {
      if (rows > 0) {
        cut();
      }
      if (held != null) {
        awaitInFlight();
        checkFailure();
        Batch last = held;
        held = null;
        dispatch(last, true, senders);
      }
    }

    /**
     * Copies the batch once into an array of its size (the payload in {@code current} is reused).
     */
    private void cut() {
      current.write(syntax.payloadEnd);
      int payloadEnd = bodyHead.length + current.size();
      byte[] body = bodyArray(payloadEnd + bodyTailRoom);
      System.arraycopy(bodyHead, 0, body, 0, bodyHead.length);
      System.arraycopy(current.array(), 0, body, bodyHead.length, current.size());
      Batch batch = new Batch(nextSeq++, body, payloadEnd, rows, endOrdinal);
      batchesFormed.incrementAndGet();
      current.clear();
      current.write(payloadStart);
      rows = 0;
      if (held != null) {
        dispatch(held, false, senders);
      }
      held = batch;
      progress();
    }
  }

  /** A spare buffer for a chunk's rows, or a new one. */
  private Bytes chunkBuffer() {
    Bytes spare = spareChunkBuffers.poll();
    return spare != null ? spare : new Bytes(CHUNK_ROWS * (8 + schema.size() * 74));
  }

  /** A spare body array of at least {@code size} bytes, or a new one with some room to spare. */
  private byte[] bodyArray(int size) {
    for (byte[] spare = spareBodies.poll(); spare != null; spare = spareBodies.poll()) {
      if (spare.length >= size) {
        return spare;
      }
    }
    return new byte[size + size / 16];
  }

  private void dispatch(Batch batch, boolean last, ExecutorService senders) {
    checkFailure();
    if (acknowledgedBefore.contains(batch.seq())) {
      acknowledged(batch, null);
      spareBodies.add(batch.body());
      return;
    }
    Session session = new Session(sessionId, batch.seq(), last, estimatedTotal);
    if (batch.seq() == 1 || last) {
      // Batch 1 opens the session and the last one ends it: each goes alone.
      awaitInFlight();
      checkFailure();
      send(batch, session);
      checkFailure();
      return;
    }
    permits.acquireUninterruptibly();
    if (failure != null) {
      permits.release();
      throw new Stopped();
    }
    try {
      senders.execute(
          () -> {
            try {
              send(batch, session);
            } finally {
              permits.release();
            }
          });
    } catch (RejectedExecutionException e) {
      // A batch failed meanwhile and shut the senders down.
      permits.release();
      throw new Stopped();
    }
  }

  private void send(Batch batch, Session session) {
    rowsDispatched.addAndGet(batch.rows());
    try {
      byte[] tail = client.usersBodyTail(session);
      System.arraycopy(tail, 0, batch.body(), batch.payloadEnd(), tail.length);
      UsersResult result =
          client.sendUsers(
              settings.operation(),
              settings.audienceId(),
              batch.body(),
              batch.payloadEnd() + tail.length,
              retries::incrementAndGet,
              this::sleepUnlessFailed);
      acknowledged(batch, result);
      spareBodies.add(batch.body());
    } catch (RuntimeException | Error e) {
      fail(e);
    }
  }

  private void acknowledged(Batch batch, @Nullable UsersResult result) {
    synchronized (this) {
      acknowledgedAhead.put(batch.seq(), batch.endOrdinal());
      while (acknowledgedAhead.containsKey(acknowledgedThrough + 1)) {
        acknowledgedThrough++;
        rowsConsumed = acknowledgedAhead.remove(acknowledgedThrough);
      }
      if (result != null) {
        rowsSent += batch.rows();
        batchesSent++;
        numReceived = Math.max(numReceived, result.numReceived());
        numInvalidEntries += result.numInvalidEntries();
      }
      saveCheckpoint();
    }
    progress();
  }

  private void fail(Throwable e) {
    synchronized (this) {
      if (failure != null) {
        return;
      }
      failure = e;
    }
    // Batches still in flight may be waiting out a long rate limit: wake them rather than wait.
    // Batches in the middle of a request finish it, so their acknowledgement is not lost.
    for (Thread thread : sleeping) {
      thread.interrupt();
    }
  }

  /** Waits between retries like the client's sleeper, but gives up once the upload has failed. */
  private void sleepUnlessFailed(Duration duration) throws InterruptedException {
    Thread thread = Thread.currentThread();
    sleeping.add(thread);
    try {
      if (failure != null) {
        throw new InterruptedException("the upload has stopped");
      }
      client.sleeper().sleep(duration);
    } finally {
      sleeping.remove(thread);
    }
  }

  private void checkFailure() {
    if (failure != null) {
      throw new Stopped();
    }
  }

  private void awaitInFlight() {
    permits.acquireUninterruptibly(settings.inFlight());
    permits.release(settings.inFlight());
  }

  private synchronized void saveCheckpoint() {
    Path file = settings.checkpoint();
    if (file == null) {
      return;
    }
    new Checkpoint(
            Checkpoint.FORMAT,
            settings.audienceId(),
            settings.operation(),
            sessionId,
            schema.stream().map(SchemaKey::name).toList(),
            fingerprint,
            batchRows,
            maxBatchBytes,
            acknowledgedThrough,
            rowsConsumed,
            new ArrayList<>(acknowledgedAheadAndBefore()))
        .save(file);
  }

  /** Acknowledged batches beyond the contiguous run: this run's and the previous run's. */
  private Set<Integer> acknowledgedAheadAndBefore() {
    Set<Integer> all = new java.util.TreeSet<>(acknowledgedAhead.keySet());
    for (int seq : acknowledgedBefore) {
      if (seq > acknowledgedThrough) {
        all.add(seq);
      }
    }
    return all;
  }

  /**
   * Tells the listener; the snapshot is taken under the listener's lock so that events arrive with
   * counts that never go back.
   */
  private void progress() {
    synchronized (listenerLock) {
      long acknowledgedRows;
      synchronized (this) {
        acknowledgedRows = rowsSent;
      }
      long read = rowsRead;
      double seconds = (System.nanoTime() - started) / 1e9;
      settings
          .listener()
          .onProgress(
              new UploadProgress(
                  read,
                  rowsDispatched.get(),
                  acknowledgedRows,
                  rowsInvalid,
                  retries.get(),
                  seconds <= 0 ? 0 : read / seconds,
                  estimatedRows));
    }
  }

  private synchronized UploadReport report() {
    Map<SchemaKey, Long> byKey = new EnumMap<>(SchemaKey.class);
    for (int i = 0; i < invalidByKey.length; i++) {
      if (invalidByKey[i] > 0) {
        byKey.merge(schema.get(i), invalidByKey[i], Long::sum);
      }
    }
    return new UploadReport(
        sessionId,
        settings.audienceId(),
        settings.operation(),
        rowsRead,
        rowsInvalid,
        byKey,
        samples,
        rowsSent,
        batchesSent,
        retries.get(),
        numReceived,
        numInvalidEntries,
        Duration.ofNanos(System.nanoTime() - started),
        resumed);
  }

  private String failureMessage(Throwable cause) {
    String what = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    String where;
    synchronized (this) {
      where =
          "upload to audience "
              + settings.audienceId()
              + " stopped in session "
              + sessionId
              + " with batches 1 to "
              + acknowledgedThrough
              + " acknowledged";
    }
    String resume =
        settings.checkpoint() == null
            ? ""
            : "; run it again with checkpoint " + settings.checkpoint() + " to continue";
    return where + ": " + what + resume;
  }

  private static EncodedChunk await(Future<EncodedChunk> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while encoding rows", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
