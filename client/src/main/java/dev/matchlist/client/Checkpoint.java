package dev.matchlist.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;

/**
 * What an upload has had acknowledged, kept in a small JSON file so that a crashed or interrupted
 * upload can continue in the same session. Batches are cut the same way on every run of the same
 * source with the same {@code batchRows} and {@code maxBatchBytes}, so "batches 1 to {@code
 * acknowledgedThroughSeq}, which end before source row {@code rowsConsumed}, plus {@code
 * acknowledgedAfter}" is enough to skip exactly what the server has.
 *
 * <p>Written to a temporary file, forced to disk and renamed over the old one, so a crash leaves
 * either the previous checkpoint or the new one, never half of one.
 *
 * @param format the file format version, {@value #FORMAT}
 * @param audienceId the audience uploaded to
 * @param operation ADD, REMOVE or REPLACE
 * @param sessionId the session every batch belongs to
 * @param schema the payload schema, key names
 * @param source the source's fingerprint (a file's name and size), {@code ""} for iterators
 * @param batchRows rows per batch of the run that wrote it (a resumed run uses it)
 * @param maxBatchBytes bytes per batch of that run
 * @param acknowledgedThroughSeq every batch up to this seq is acknowledged (0: none)
 * @param rowsConsumed source rows up to the end of batch {@code acknowledgedThroughSeq}
 * @param acknowledgedAfter acknowledged batches beyond that (sent in parallel, acknowledged early)
 */
record Checkpoint(
    int format,
    String audienceId,
    UploadOperation operation,
    long sessionId,
    List<String> schema,
    String source,
    int batchRows,
    long maxBatchBytes,
    int acknowledgedThroughSeq,
    long rowsConsumed,
    List<Integer> acknowledgedAfter) {

  static final int FORMAT = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  Checkpoint {
    Objects.requireNonNull(audienceId);
    Objects.requireNonNull(operation);
    schema = List.copyOf(schema);
    Objects.requireNonNull(source);
    acknowledgedAfter = List.copyOf(acknowledgedAfter);
  }

  /** The checkpoint in {@code file}, if the file exists. */
  static java.util.Optional<Checkpoint> load(Path file) {
    if (!Files.exists(file)) {
      return java.util.Optional.empty();
    }
    try {
      Checkpoint checkpoint = JSON.readValue(file.toFile(), Checkpoint.class);
      if (checkpoint.format() != FORMAT) {
        throw new IllegalStateException(
            "checkpoint " + file + " has format " + checkpoint.format() + ", not " + FORMAT);
      }
      return java.util.Optional.of(checkpoint);
    } catch (IOException e) {
      throw new IllegalStateException(
          "checkpoint " + file + " is unreadable (" + e.getMessage() + "); delete it to start over",
          e);
    }
  }

  /** Writes this checkpoint to {@code file} atomically and durably. */
  void save(Path file) {
    Path absolute = file.toAbsolutePath();
    Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
    try {
      byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
      try (FileChannel channel =
          FileChannel.open(
              temporary,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(
            temporary,
            absolute,
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file, e);
    }
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete checkpoint " + file, e);
    }
  }

  /** Why this checkpoint cannot resume an upload like that, or null when it can. */
  @org.jspecify.annotations.Nullable
  String mismatch(
      String audienceId, UploadOperation operation, List<String> schema, String source) {
    if (!this.audienceId.equals(audienceId)) {
      return "it is for audience " + this.audienceId + ", not " + audienceId;
    }
    if (this.operation != operation) {
      return "it is for " + this.operation + ", not " + operation;
    }
    if (!this.schema.equals(schema)) {
      return "it is for schema " + this.schema + ", not " + schema;
    }
    if (!this.source.equals(source)) {
      return "it is for " + this.source + ", not " + source;
    }
    return null;
  }
}
