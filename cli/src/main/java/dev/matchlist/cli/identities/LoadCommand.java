package dev.matchlist.cli.identities;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.matchlist.cli.StderrTerminal;
import dev.matchlist.cli.admin.AdminClient;
import dev.matchlist.cli.admin.AdminConnection;
import dev.matchlist.cli.admin.AdminFailure;
import dev.matchlist.client.CustomerText;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code matchlist identities load FILE}: streams a CSV or NDJSON user file to the admin API in
 * requests of at most {@value #CHUNK_USERS} users (and about {@value #CHUNK_BYTES} bytes), so a
 * file of any size is held a few requests at a time. The server normalizes and hashes; re-loading a
 * user id replaces its identifiers. Each request is stored whole or not at all, so after a failure
 * the requests before it are loaded and re-running the load is safe.
 *
 * <p>Requests go in file order, {@value LoadPipeline#IN_FLIGHT} in flight, numbered so that the
 * server applies them in that order (a later line must win over an earlier one), while a reader
 * thread builds the next request's body: the client's work overlaps the server's. For a file (not
 * stdin) its lines are counted on the side, and the second request tells the server how many users
 * and identifiers the rest of the load will bring ({@code expected_users}, {@code
 * expected_identifiers}, from the first answer's identifiers per user), so that its index and user
 * id filter grow once.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = "Loads users (CSV with a header row, or NDJSON) into the server's identity base.")
final class LoadCommand implements Callable<Integer> {
  static final int CHUNK_USERS = 10_000;
  static final int CHUNK_BYTES = 8 * 1024 * 1024;
  private static final String STDIN = "-";

  /** Requests the reader may have built ahead of the one being sent. */
  private static final int BUILT_AHEAD = 2;

  /** Over-estimate of what is still to come, so a file a bit richer later fits too. */
  private static final double EXPECTED_MARGIN = 1.01;

  @CommandLine.Spec CommandSpec spec;
  @Mixin AdminConnection connection;

  @Parameters(
      paramLabel = "FILE",
      description = "users.csv, users.ndjson (or .jsonl), or - for stdin.")
  String input;

  @Option(
      names = "--format",
      paramLabel = "csv|ndjson",
      description = "The file's format; by default from its extension (stdin: csv).")
  @Nullable String format;

  @Option(
      names = "--user-id-column",
      paramLabel = "HEADER",
      description = "The CSV column of the user id (default: user_id, uid or id).")
  @Nullable String userIdColumn;

  @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
  boolean noProgress;

  /** What the reader thread hands to the sender, in file order. */
  private sealed interface Built {}

  /** One request's users as a JSON array, and the file line of each. */
  private record Chunk(Utf8Json usersJson, long[] lines) implements Built {}

  /** The file ended (after the chunks before it). */
  private record End() implements Built {}

  /** Reading stopped with {@code failure} (after the chunks before it). */
  private record Failed(Exception failure) implements Built {}

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean ndjson;
    try {
      ndjson = isNdjson();
    } catch (IllegalArgumentException e) {
      err.println("matchlist identities load: " + e.getMessage());
      return AdminFailure.USAGE;
    }
    LoadSummary summary = new LoadSummary();
    List<String> ignoredColumns = List.of();
    try (InputStream in = open();
        ProgressBar bar = progress()) {
      UserFile users;
      try {
        users = ndjson ? UserFile.ndjson(in, AdminClient.JSON) : UserFile.csv(in, userIdColumn);
      } catch (IllegalArgumentException e) {
        err.println("matchlist identities load: " + inputName() + ": " + e.getMessage());
        return AdminFailure.USAGE;
      }
      try (users) {
        ignoredColumns = users.ignoredColumns();
        AdminClient client = connection.client();
        CompletableFuture<Long> fileRows = countRows();
        BlockingQueue<Built> built = new ArrayBlockingQueue<>(BUILT_AHEAD);
        Thread reader =
            Thread.ofPlatform()
                .daemon()
                .name("identities-reader")
                .unstarted(() -> build(users, built));
        reader.start();
        try {
          send(client, built, fileRows, summary, bar);
        } finally {
          reader.interrupt();
          fileRows.cancel(true);
        }
      }
    } catch (UserFile.BadLine e) {
      err.println(
          "matchlist identities load: "
              + inputName()
              + ", "
              + e.getMessage()
              + " ("
              + summary.users()
              + " users before it were loaded)");
      return 3;
    } catch (AdminFailure e) {
      err.println(
          "matchlist identities load: "
              + e.getMessage()
              + " ("
              + summary.users()
              + " users were loaded before)");
      return e.exitCode();
    } catch (NoSuchFileException e) {
      err.println("matchlist identities load: no file " + input);
      return AdminFailure.IO;
    } catch (IOException | java.io.UncheckedIOException e) {
      err.println(
          "matchlist identities load: cannot read "
              + inputName()
              + ": "
              + (CustomerText.isNotText(e) ? CustomerText.NOT_TEXT : e.getMessage())
              + (summary.users() > 0
                  ? " (" + summary.users() + " users before it were loaded)"
                  : ""));
      return AdminFailure.IO;
    }
    if (connection.json()) {
      out.println(AdminClient.JSON.writeValueAsString(summary.json(ignoredColumns)));
    } else {
      summary.print(out, inputName(), ignoredColumns);
    }
    out.flush();
    return 0;
  }

  /** The reader thread: builds request bodies until the file ends, fails, or it is interrupted. */
  private static void build(UserFile users, BlockingQueue<Built> built) {
    try {
      Optional<UserFile.User> user = users.next();
      int lastLength = 1 << 16;
      while (user.isPresent()) {
        // sized like the last body: no copies while it grows, no 8 MB buffer per request
        ByteArrayBuilder body = new ByteArrayBuilder(lastLength + lastLength / 8);
        long[] lines = new long[CHUNK_USERS]; // unboxed: a load holds a few requests' worth
        int count = 0;
        try (JsonGenerator json = AdminClient.JSON.createGenerator(body, JsonEncoding.UTF8)) {
          // anything past ASCII goes out as a JSON escape (backslash, u, four hex digits), as
          // before: a lone surrogate of an NDJSON value too, which UTF-8 cannot carry
          json.enable(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());
          json.writeStartArray();
          do {
            user.get().writeTo(json);
            lines[count++] = user.get().line();
            user = users.next();
            // the body's length without a flush per user: written out plus still buffered
          } while (user.isPresent()
              && count < CHUNK_USERS
              && body.size() + json.getOutputBuffered() < CHUNK_BYTES);
          json.writeEndArray();
        }
        lastLength = body.size();
        built.put(new Chunk(new Utf8Json(body.toByteArray()), Arrays.copyOf(lines, count)));
      }
      built.put(new End());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the sender stopped: nobody waits for more
    } catch (IOException | RuntimeException e) {
      try {
        built.put(new Failed(e));
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The sender: posts each built request in file order through a {@link LoadPipeline} (a few in
   * flight, applied by the server in order), until the end or the reader's failure.
   */
  private void send(
      AdminClient client,
      BlockingQueue<Built> built,
      CompletableFuture<Long> fileRows,
      LoadSummary summary,
      @Nullable ProgressBar bar)
      throws IOException {
    long rowsSent = 0;
    long[] identifiers = {0};
    boolean expectationSent = false;
    try (LoadPipeline requests =
        new LoadPipeline(
            client,
            (answer, lines) -> {
              summary.add(answer, lines);
              identifiers[0] += answer.path("identifiers").asLong();
              if (bar != null) {
                bar.stepBy(lines.length);
              }
            })) {
      while (true) {
        Built next = take(built);
        switch (next) {
          case End end -> {
            requests.finish();
            return;
          }
          case Failed failed -> {
            requests.finish(); // what was read before the failure is loaded, and counted
            switch (failed.failure()) {
              case IOException e -> throw e;
              case RuntimeException e -> throw e;
              default -> throw new IllegalStateException(failed.failure());
            }
          }
          case Chunk chunk -> {
            requests.awaitRoom(); // first: the answers taken here may give the expectation below
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("users", new RawValue(chunk.usersJson()));
            Long rows = fileRows.getNow(null);
            if (!expectationSent && rowsSent > 0 && rows != null && summary.users() > 0) {
              // identifiers the rest of the file brings, this request's included: the requests
              // still in flight are applied before this one, so the server counts them already
              double perUser = (double) identifiers[0] / summary.users();
              long users = (long) Math.ceil(Math.max(0, rows - rowsSent) * EXPECTED_MARGIN);
              long expected =
                  (long) Math.ceil(Math.max(0, rows - rowsSent) * perUser * EXPECTED_MARGIN);
              if (users > 0) {
                body.put("expected_users", users);
              }
              if (expected > 0) {
                body.put("expected_identifiers", expected);
              }
              expectationSent = true;
            }
            requests.send(body, chunk.lines());
            rowsSent += chunk.lines().length;
          }
        }
      }
    }
  }

  private static Built take(BlockingQueue<Built> built) {
    try {
      return built.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdminFailure(AdminFailure.IO, "interrupted");
    }
  }

  /**
   * The lines of the input file, counted on a side thread: at least its users (a CSV header or a
   * cell's line break makes it a little more, which only errs towards room). Never completes for
   * stdin.
   */
  private CompletableFuture<Long> countRows() {
    CompletableFuture<Long> rows = new CompletableFuture<>();
    if (STDIN.equals(input)) {
      return rows;
    }
    Path file = Path.of(input);
    Thread.ofPlatform()
        .daemon()
        .name("identities-line-count")
        .start(
            () -> {
              try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 20];
                long lines = 0;
                int read;
                while ((read = in.read(buffer)) > 0 && !rows.isDone()) {
                  lines += Newlines.in(buffer, read);
                }
                rows.complete(lines);
              } catch (IOException | RuntimeException e) {
                rows.completeExceptionally(e);
              }
            });
    return rows;
  }

  private boolean isNdjson() {
    if (format != null) {
      return switch (format.toLowerCase(Locale.ROOT)) {
        case "csv" -> false;
        case "ndjson", "jsonl" -> true;
        default ->
            throw new IllegalArgumentException("--format takes csv or ndjson, not " + format);
      };
    }
    String name = input.toLowerCase(Locale.ROOT);
    return name.endsWith(".ndjson") || name.endsWith(".jsonl");
  }

  /**
   * The input, decoded strictly downstream: a file that is not text stops the load where its first
   * bad byte comes, the users before it loaded (loading them again after the file is fixed is safe:
   * a re-loaded user id replaces its identifiers).
   */
  private InputStream open() throws IOException {
    if (STDIN.equals(input)) {
      return System.in;
    }
    return Files.newInputStream(Path.of(input));
  }

  private String inputName() {
    return STDIN.equals(input) ? "stdin" : input;
  }

  private @Nullable ProgressBar progress() {
    if (noProgress || connection.json() || !StderrTerminal.isTerminal()) {
      return null;
    }
    return new ProgressBarBuilder()
        .setTaskName("Loading users")
        .setInitialMax(-1)
        .setUnit(" users", 1)
        .showSpeed()
        .setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .build();
  }
}
