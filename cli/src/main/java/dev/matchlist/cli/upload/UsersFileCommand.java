package dev.matchlist.cli.upload;

import de.siegmar.fastcsv.reader.CsvParseException;
import dev.matchlist.cli.ExitCodes;
import dev.matchlist.cli.StderrTerminal;
import dev.matchlist.cli.graph.ConnectionSettings;
import dev.matchlist.cli.graph.GraphCall;
import dev.matchlist.cli.graph.GraphCommandException;
import dev.matchlist.cli.graph.GraphOptions;
import dev.matchlist.cli.graph.JsonOutput;
import dev.matchlist.client.CustomerRecords;
import dev.matchlist.client.GraphClient;
import dev.matchlist.client.GraphException;
import dev.matchlist.client.UploadFailedException;
import dev.matchlist.client.UploadOperation;
import dev.matchlist.client.UploadReport;
import dev.matchlist.client.Uploader;
import dev.matchlist.core.columns.ColumnMapping;
import dev.matchlist.core.normalize.Normalizer;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code upload}, {@code remove} and {@code replace} share: a customer CSV mapped like {@code
 * matchlist hash} maps it, normalized, hashed and sent by the SDK's {@link Uploader} in one
 * session, with progress on stderr and the report on stdout.
 *
 * <p>Interrupted runs (Ctrl-C, SIGTERM, a crash) keep the {@code --checkpoint} file, which the
 * uploader writes after every acknowledged batch; the same command run again continues the same
 * session after the last acknowledged batch, and re-sent batches keep their (session_id,
 * batch_seq), so the host counts none of them twice.
 */
abstract class UsersFileCommand implements Callable<Integer> {
  static final String DESCRIPTION =
      "Headers are matched to schema keys as `matchlist hash` does (email, phone, first_name,"
          + " zip, dob, ...; --map overrides). Values are normalized and SHA-256-hashed (hashes"
          + " pass through), sent in batches of one session with retries (rate limits are"
          + " waited out, 5xx and HTML pages retried; 100/190/200/2650 stop at once). Progress"
          + " goes to stderr: a bar on a terminal, a line every 5 s otherwise. The report goes to"
          + " stdout: rows read, invalid (line, column, reason; never a value), sent, and the"
          + " server's num_received.";

  static final String EXIT_CODES =
      "Exit codes: 0 done, 2 usage error (options, --map, no token, a checkpoint of another"
          + " upload), 3 --strict and some rows were invalid, 4 the CSV, config or checkpoint"
          + " cannot be read or written, 5 refused by the Graph host (permanent error: code and"
          + " message printed), 6 gave up retrying (rate limit longer than --max-wait, repeated"
          + " 5xx, host unreachable), 130/143 interrupted by Ctrl-C/SIGTERM. With --checkpoint,"
          + " rerunning after 4, 6, 130 or 143 continues where the upload stopped.";

  @Spec CommandSpec spec;

  @Mixin GraphOptions graph;

  @Parameters(
      index = "0",
      paramLabel = "FILE.csv",
      description = "Customer CSV with a header row, UTF-8 (raw or already hashed values).")
  Path file;

  @Option(
      names = "--audience",
      required = true,
      paramLabel = "AUDIENCE_ID",
      description = "The custom audience's id.")
  String audience;

  @Option(
      names = "--map",
      split = ",",
      paramLabel = "HEADER=KEY",
      description =
          "Say what a column holds, as for `matchlist hash`: a schema key (EMAIL, PHONE, FN,"
              + " ...), DOB for a whole date of birth, or SKIP.")
  Map<String, String> map = new LinkedHashMap<>();

  @Option(
      names = "--batch-rows",
      paramLabel = "N",
      defaultValue = "10000",
      description = "Rows per request, 1..10000. Default: ${DEFAULT-VALUE}.")
  int batchRows;

  @Option(
      names = "--in-flight",
      paramLabel = "N",
      defaultValue = "4",
      description = "Batches sent concurrently, 1..64. Default: ${DEFAULT-VALUE}.")
  int inFlight;

  @Option(
      names = "--checkpoint",
      paramLabel = "FILE",
      description =
          "Resume file: written after every acknowledged batch; if it exists, the upload"
              + " continues its session after the last acknowledged batch. Deleted on success.")
  @Nullable Path checkpoint;

  @Option(
      names = "--session-id",
      paramLabel = "ID",
      description = "The session_id to use (positive); default: a random one.")
  @Nullable Long sessionId;

  @Option(
      names = "--default-region",
      paramLabel = "CC",
      defaultValue = "US",
      description =
          "Region (ISO 3166 alpha-2) of phone numbers in rows without a COUNTRY."
              + " Default: ${DEFAULT-VALUE}.")
  String defaultRegion;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Threads that normalize and hash; 0: the reading thread. Default: one per core, up to"
              + " 4.")
  @Nullable Integer threads;

  @Option(names = "--json", description = "Print the final report as one JSON object on stdout.")
  boolean json;

  @Option(
      names = "--strict",
      description = "Exit with 3 when any row or cell was invalid (the rest is still sent).")
  boolean strict;

  @Option(names = "--no-progress", description = "No progress bar or progress lines.")
  boolean noProgress;

  /** Which edge this command writes to. */
  abstract UploadOperation operation();

  @Override
  public Integer call() {
    ConnectionSettings settings;
    ColumnMapping mapping;
    Normalizer normalizer;
    try {
      validate();
      normalizer = normalizer();
      settings = graph.settings();
      mapping = CsvHeader.map(file, map, operation() == UploadOperation.REPLACE);
    } catch (GraphCommandException e) {
      return GraphCall.fail(spec, e.getMessage(), e.exitCode(), "");
    }
    PrintWriter out = spec.commandLine().getOut();
    String token = settings.accessToken();
    AtomicBoolean done = new AtomicBoolean();
    Thread interruptNotice = interruptNotice(done);
    Runtime.getRuntime().addShutdownHook(interruptNotice);
    try (ProgressDisplay progress = progress();
        GraphClient client = client(settings, progress);
        CustomerRecords records = CustomerRecords.csv(file, mapping)) {
      printIgnoredColumns(mapping);
      UploadReport report = uploader(client, progress, normalizer).upload(records);
      done.set(true);
      progress.close();
      UploadSummary summary = UploadSummary.of(report, mapping, null);
      if (json) {
        JsonOutput.print(out, summary);
      } else {
        out.print(summary.toText());
        out.flush();
      }
      return strict && report.rowsInvalid() > 0 ? ExitCodes.INVALID_DATA : ExitCodes.OK;
    } catch (UploadFailedException e) {
      return failed(e, mapping, token);
    } catch (GraphException e) {
      return GraphCall.fail(spec, GraphCall.describe(e), GraphCall.exitCode(e), token);
    } catch (GraphCommandException e) {
      return GraphCall.fail(spec, e.getMessage(), e.exitCode(), token);
    } catch (IllegalStateException e) {
      if (checkpoint == null) {
        throw e;
      }
      // What the uploader throws for a checkpoint of another file, audience or operation.
      return GraphCall.fail(
          spec, "--checkpoint " + checkpoint + ": " + e.getMessage(), ExitCodes.USAGE, token);
    } catch (UncheckedIOException | CsvParseException e) {
      return GraphCall.fail(
          spec,
          "cannot read " + file + ": " + e.getMessage() + checkpointHint(),
          ExitCodes.IO,
          token);
    } finally {
      done.set(true);
      try {
        Runtime.getRuntime().removeShutdownHook(interruptNotice);
      } catch (IllegalStateException e) {
        // The JVM is stopping already (a signal came as the command ended): the hook has run.
      }
    }
  }

  private Normalizer normalizer() {
    try {
      return Normalizer.builder().defaultRegion(defaultRegion).build();
    } catch (IllegalArgumentException e) {
      throw new GraphCommandException(ExitCodes.USAGE, "--default-region: " + e.getMessage());
    }
  }

  private void validate() {
    if (threads != null && threads < 0) {
      throw new GraphCommandException(ExitCodes.USAGE, "--threads must be 0 or more");
    }
    if (batchRows < 1 || batchRows > 10_000) {
      throw new GraphCommandException(ExitCodes.USAGE, "--batch-rows must be 1..10000");
    }
    if (inFlight < 1 || inFlight > 64) {
      throw new GraphCommandException(ExitCodes.USAGE, "--in-flight must be 1..64");
    }
    if (sessionId != null && sessionId <= 0) {
      throw new GraphCommandException(ExitCodes.USAGE, "--session-id must be positive");
    }
  }

  private GraphClient client(ConnectionSettings settings, ProgressDisplay progress) {
    return settings.client(progress::onRetry);
  }

  private Uploader uploader(GraphClient client, ProgressDisplay progress, Normalizer normalizer) {
    Uploader.Builder builder =
        Uploader.builder(client)
            .audienceId(audience)
            .operation(operation())
            .batchRows(batchRows)
            .inFlight(inFlight)
            .normalizer(normalizer)
            .listener(progress);
    if (threads != null) {
      builder.workers(threads);
    }
    if (checkpoint != null) {
      builder.checkpoint(checkpoint);
    }
    if (sessionId != null) {
      builder.sessionId(sessionId);
    }
    return builder.build();
  }

  private ProgressDisplay progress() {
    String task = spec.name();
    if (noProgress) {
      return ProgressDisplay.none();
    }
    return StderrTerminal.isTerminal() ? ProgressDisplay.bar(task) : ProgressDisplay.lines(task);
  }

  private void printIgnoredColumns(ColumnMapping mapping) {
    PrintWriter err = spec.commandLine().getErr();
    for (ColumnMapping.IgnoredColumn column : mapping.ignored()) {
      err.println(
          "matchlist "
              + spec.name()
              + ": ignored column "
              + (column.column() + 1)
              + " \""
              + column.header()
              + "\": "
              + column.reason());
    }
    err.flush();
  }

  private int failed(UploadFailedException e, ColumnMapping mapping, String token) {
    Throwable cause = e.getCause();
    int exitCode;
    String reason;
    if (cause instanceof GraphException graphError) {
      exitCode = GraphCall.exitCode(graphError);
      reason = GraphCall.describe(graphError);
    } else if (cause instanceof UncheckedIOException || cause instanceof CsvParseException) {
      exitCode = ExitCodes.IO;
      reason = "cannot read " + file + ": " + cause.getMessage();
    } else {
      exitCode = ExitCodes.IO;
      reason = e.getMessage();
    }
    UploadSummary partial = UploadSummary.of(e.report(), mapping, reason);
    if (json) {
      JsonOutput.print(spec.commandLine().getOut(), partial);
    }
    return GraphCall.fail(
        spec,
        reason
            + " — after "
            + e.report().rowsSent()
            + " rows sent in session "
            + e.report().sessionId()
            + checkpointHint(),
        exitCode,
        token);
  }

  private String checkpointHint() {
    return checkpoint == null
        ? ""
        : "; rerun the same command to continue from the checkpoint " + checkpoint;
  }

  /**
   * A shutdown hook that, when the JVM stops before the upload ended (Ctrl-C, SIGTERM), says where
   * a rerun continues. The JVM then exits with 130 or 143 as for any signal.
   */
  private Thread interruptNotice(AtomicBoolean done) {
    return new Thread(
        () -> {
          if (!done.get()) {
            System.err.println(
                "\nmatchlist "
                    + spec.name()
                    + ": interrupted"
                    + (checkpoint == null
                        ? "; without --checkpoint a rerun starts a new session from the first row"
                        : "; rerun the same command to continue from the checkpoint "
                            + checkpoint));
            System.err.flush();
          }
        },
        "matchlist-upload-interrupted");
  }
}
