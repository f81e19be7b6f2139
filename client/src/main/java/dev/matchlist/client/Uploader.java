package dev.matchlist.client;

import dev.matchlist.core.normalize.Normalizer;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Uploads customer records to one audience in one session: reads them, normalizes and hashes them
 * (on several threads), cuts them into batches of at most {@link Builder#batchRows} rows and {@link
 * Builder#maxBatchBytes} bytes, and sends up to {@link Builder#inFlight} batches at a time. Not
 * tied to its records: one Uploader may run several uploads, one after the other.
 *
 * <pre>{@code
 * UploadReport report = Uploader.builder(graph)
 *     .audienceId("23847289886190582")
 *     .operation(UploadOperation.ADD)
 *     .checkpoint(Path.of("customers.csv.checkpoint"))   // resume after a crash
 *     .listener(p -> System.err.println(p.rowsAcknowledged() + " rows"))
 *     .build()
 *     .upload(CustomerRecords.csv(Path.of("customers.csv")));
 * }</pre>
 *
 * <p>Batch 1 goes alone (it opens the session), the middle batches in parallel, and the last one,
 * flagged {@code last_batch_flag}, only once every other batch is acknowledged: the server ends the
 * session when it applies it. A failed batch is retried by the {@link GraphClient} with the same
 * {@code (session_id, batch_seq)}.
 *
 * <p>With a checkpoint file, every acknowledged batch is recorded; an upload started again with the
 * same file, audience and operation skips what was acknowledged and continues in the same session.
 * The file is deleted when the upload completes.
 */
public final class Uploader {
  private final GraphClient client;
  private final Settings settings;

  /** The options of an upload, as built. */
  record Settings(
      String audienceId,
      UploadOperation operation,
      int batchRows,
      long maxBatchBytes,
      int inFlight,
      @Nullable Path checkpoint,
      UploadListener listener,
      long sessionId,
      Normalizer normalizer,
      int workers) {}

  private Uploader(Builder builder) {
    this.client = builder.client;
    this.settings =
        new Settings(
            Objects.requireNonNull(builder.audienceId),
            builder.operation,
            builder.batchRows,
            builder.maxBatchBytes,
            builder.inFlight,
            builder.checkpoint,
            builder.listener,
            builder.sessionId,
            builder.normalizer,
            builder.workers);
  }

  public static Builder builder(GraphClient client) {
    return new Builder(client);
  }

  /**
   * Uploads every record; blocks until the last batch is acknowledged. Closes nothing: the caller
   * closes {@code records}.
   *
   * @throws UploadFailedException when a batch fails for good or the records cannot be read; its
   *     report says how far the upload got
   * @throws IllegalStateException when the checkpoint file belongs to another upload
   */
  public UploadReport upload(CustomerRecords records) {
    return new UploadRun(client, settings, records).run();
  }

  /** Options of an {@link Uploader}; the audience id is required. */
  public static final class Builder {
    private final GraphClient client;
    private @Nullable String audienceId;
    private UploadOperation operation = UploadOperation.ADD;
    private int batchRows = UsersBatch.MAX_ROWS;
    private long maxBatchBytes = 8L << 20;
    private int inFlight = 4;
    private @Nullable Path checkpoint;
    private UploadListener listener = UploadListener.NONE;
    private long sessionId;
    private Normalizer normalizer = Normalizer.standard();
    private int workers = Math.min(4, Runtime.getRuntime().availableProcessors());

    private Builder(GraphClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    public Builder audienceId(String audienceId) {
      this.audienceId = Objects.requireNonNull(audienceId, "audienceId");
      return this;
    }

    /** Add (default), remove or replace. */
    public Builder operation(UploadOperation operation) {
      this.operation = Objects.requireNonNull(operation, "operation");
      return this;
    }

    /** Rows per batch, 1 to 10,000 (default 10,000). */
    public Builder batchRows(int batchRows) {
      if (batchRows < 1 || batchRows > UsersBatch.MAX_ROWS) {
        throw new IllegalArgumentException("batchRows must be 1 to 10,000, was " + batchRows);
      }
      this.batchRows = batchRows;
      return this;
    }

    /**
     * The most bytes a batch's {@code payload} may take as sent (JSON, or URL-encoded JSON with
     * {@link UsersBodyEncoding#FORM}; default 8 MiB); a batch is cut earlier when the next row
     * would pass it. The rest of the request body adds well under a kilobyte.
     */
    public Builder maxBatchBytes(long maxBatchBytes) {
      if (maxBatchBytes < 1024) {
        throw new IllegalArgumentException("maxBatchBytes must be at least 1024");
      }
      this.maxBatchBytes = maxBatchBytes;
      return this;
    }

    /** Batches sent at the same time (default 4). */
    public Builder inFlight(int inFlight) {
      if (inFlight < 1) {
        throw new IllegalArgumentException("inFlight must be at least 1");
      }
      this.inFlight = inFlight;
      return this;
    }

    /** A file recording acknowledged batches, to resume from; created when absent. */
    public Builder checkpoint(Path checkpoint) {
      this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
      return this;
    }

    public Builder listener(UploadListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The session id (positive); default random. A checkpoint's session id wins over it. */
    public Builder sessionId(long sessionId) {
      if (sessionId <= 0) {
        throw new IllegalArgumentException("sessionId must be positive");
      }
      this.sessionId = sessionId;
      return this;
    }

    /** How raw values are normalized, e.g. with a default phone region; default no region. */
    public Builder normalizer(Normalizer normalizer) {
      this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
      return this;
    }

    /** Threads that normalize and hash (default one per core, up to 4); 0: the calling thread. */
    public Builder workers(int workers) {
      if (workers < 0) {
        throw new IllegalArgumentException("workers must not be negative");
      }
      this.workers = workers;
      return this;
    }

    /**
     * @throws IllegalStateException without an audience id
     */
    public Uploader build() {
      if (audienceId == null) {
        throw new IllegalStateException("an Uploader needs an audienceId");
      }
      return new Uploader(this);
    }
  }
}
