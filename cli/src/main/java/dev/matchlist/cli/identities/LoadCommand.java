package dev.matchlist.cli.identities;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.matchlist.cli.StderrTerminal;
import dev.matchlist.cli.admin.AdminClient;
import dev.matchlist.cli.admin.AdminConnection;
import dev.matchlist.cli.admin.AdminFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
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
 * file of any size is held one request at a time. The server normalizes and hashes; re-loading a
 * user id replaces its identifiers. Each request is stored whole or not at all, so after a failure
 * the requests before it are loaded and re-running the load is safe.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = "Loads users (CSV with a header row, or NDJSON) into the server's identity base.")
final class LoadCommand implements Callable<Integer> {
  static final int CHUNK_USERS = 10_000;
  static final int CHUNK_BYTES = 8 * 1024 * 1024;
  private static final String STDIN = "-";

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
        users =
            ndjson
                ? UserFile.ndjson(in, AdminClient.JSON)
                : UserFile.csv(in, AdminClient.JSON, userIdColumn);
      } catch (IllegalArgumentException e) {
        err.println("matchlist identities load: " + inputName() + ": " + e.getMessage());
        return AdminFailure.USAGE;
      }
      try (users) {
        ignoredColumns = users.ignoredColumns();
        AdminClient client = connection.client();
        ArrayNode chunk = AdminClient.JSON.createArrayNode();
        List<Long> lines = new ArrayList<>();
        long bytes = 0;
        Optional<UserFile.User> user;
        while ((user = users.next()).isPresent()) {
          chunk.add(user.get().fields());
          lines.add(user.get().line());
          bytes += user.get().fields().toString().length();
          if (chunk.size() == CHUNK_USERS || bytes >= CHUNK_BYTES) {
            send(client, chunk, lines, summary, bar);
            chunk = AdminClient.JSON.createArrayNode();
            lines = new ArrayList<>();
            bytes = 0;
          }
        }
        if (!chunk.isEmpty()) {
          send(client, chunk, lines, summary, bar);
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
      err.println("matchlist identities load: cannot read " + inputName() + ": " + e.getMessage());
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

  private static void send(
      AdminClient client,
      ArrayNode chunk,
      List<Long> lines,
      LoadSummary summary,
      @Nullable ProgressBar bar) {
    summary.add(client.post("/identities", Map.of("users", chunk)), lines);
    if (bar != null) {
      bar.stepBy(chunk.size());
    }
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

  private InputStream open() throws IOException {
    return STDIN.equals(input) ? System.in : Files.newInputStream(Path.of(input));
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
