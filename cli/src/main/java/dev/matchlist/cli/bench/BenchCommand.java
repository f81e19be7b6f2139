package dev.matchlist.cli.bench;

import dev.matchlist.bench.load.KeySet;
import dev.matchlist.bench.load.LoadGenerator;
import dev.matchlist.bench.load.LoadReport;
import dev.matchlist.bench.load.LoadSettings;
import dev.matchlist.bench.load.UploadEncoding;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code matchlist bench}: the upload load generator. Starts a server in this JVM on a fresh
 * temporary data directory with a synthetic population (default), or loads the server at {@code
 * --url}; ends by itself after {@code --duration} or {@code --rows}. Progress goes to stderr, the
 * result (a table, or one JSON object with {@code --json}) to stdout. In-process, the server and
 * the clients share the machine's cores: the server CPU figure has the clients' own CPU taken out.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Drives uploads over HTTP from concurrent clients and reports rows/s, request latency,"
          + " freshness, matcher throughput, server CPU and memory.",
      "Without --url it starts a server in-process with --population synthetic people."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:ran and reported", "1:the run failed", "2:wrong options"})
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "Load this server (plain HTTP) instead of starting one in-process.")
  @Nullable URI url;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description = "The admin token of the server at --url.")
  @Nullable Path adminTokenFile;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "The data directory of the server at --url (reads DIR/admin-token).")
  @Nullable Path data;

  @Option(
      names = "--pid",
      paramLabel = "PID",
      description = "The local process id of the server at --url, for its CPU and memory.")
  @Nullable Long pid;

  @Option(
      names = "--sink",
      description =
          "--url is a null HTTP sink (e.g. nginx): no admin API, audiences or freshness probe.")
  boolean sink;

  @Option(
      names = "--population",
      paramLabel = "N",
      description =
          "Synthetic people: built in-process, or what the --url server was started with"
              + " (--matching population:N). Default: ${DEFAULT-VALUE}.")
  int population = 100_000;

  @Option(
      names = "--audiences",
      paramLabel = "N",
      description =
          "Audiences the batches go to, round robin; each first gets a small seed batch, so all"
              + " have members when the clock starts. Default: ${DEFAULT-VALUE}.")
  int audiences = 1;

  @Option(
      names = "--clients",
      paramLabel = "K",
      description = "Concurrent connections. Default: ${DEFAULT-VALUE}.")
  int clients = 2;

  @Option(
      names = "--keys",
      paramLabel = "KEYS",
      description =
          "single (EMAIL_SHA256) or five (EMAIL, PHONE, FN, LN, ZIP). Default: ${DEFAULT-VALUE}.")
  String keys = "single";

  @Option(
      names = "--encoding",
      paramLabel = "ENC",
      description =
          "json (as the Node SDK), form (urlencoded, as curl) or multipart (as the Java SDK)."
              + " Default: ${DEFAULT-VALUE}.")
  String encoding = "json";

  @Option(
      names = "--batch-rows",
      paramLabel = "N",
      description = "Rows a request. Default: ${DEFAULT-VALUE}.")
  int batchRows = 10_000;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      description = "Measured time at most. Default: ${DEFAULT-VALUE}.")
  double duration = 10;

  @Option(
      names = "--warmup",
      paramLabel = "SECONDS",
      description = "Sent before the measured part, not counted. Default: ${DEFAULT-VALUE}.")
  double warmup = 2;

  @Option(
      names = "--rows",
      paramLabel = "N",
      description = "Stop once this many rows were acknowledged (0: no bound). Default: 0.")
  long rows;

  @Option(
      names = "--probe-interval",
      paramLabel = "MS",
      description = "Milliseconds between freshness probes. Default: ${DEFAULT-VALUE}.")
  long probeIntervalMillis = 250;

  @Option(
      names = "--rate",
      paramLabel = "ROWS",
      description =
          "Send at most this many rows a second in all, batches evenly spaced (0: as fast as the"
              + " server answers). Default: 0.")
  long rate;

  @Option(names = "--json", description = "Print one JSON object instead of the table.")
  boolean json;

  @Override
  public Integer call() {
    LoadSettings settings = settings();
    LoadReport report;
    try {
      report = new LoadGenerator(settings, System.err).run();
    } catch (RuntimeException e) {
      System.err.println("matchlist bench: " + e.getMessage());
      return 1;
    }
    System.out.print(json ? report.toJson() + System.lineSeparator() : report.toTable());
    System.out.flush();
    return 0;
  }

  private LoadSettings settings() {
    try {
      return new LoadSettings(
          Optional.ofNullable(url),
          adminToken(),
          pid == null ? OptionalLong.empty() : OptionalLong.of(pid),
          population,
          audiences,
          clients,
          choice(UploadEncoding.values(), encoding, "--encoding"),
          choice(KeySet.values(), keys, "--keys"),
          batchRows,
          seconds(warmup),
          seconds(duration),
          rows,
          sink,
          Duration.ofMillis(probeIntervalMillis),
          rate);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private String adminToken() {
    if (url == null || sink) {
      return "";
    }
    Path file =
        adminTokenFile != null ? adminTokenFile : data == null ? null : data.resolve("admin-token");
    if (file == null) {
      throw new IllegalArgumentException("--url needs --admin-token-file or --data");
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the admin token from " + file, e);
    }
  }

  private static <E extends Enum<E>> E choice(E[] values, String text, String option) {
    for (E value : values) {
      if (value.name().equalsIgnoreCase(text.strip())) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        option + " takes " + java.util.Arrays.toString(values).toLowerCase(java.util.Locale.ROOT));
  }

  private static Duration seconds(double seconds) {
    return Duration.ofNanos((long) (seconds * 1e9));
  }
}
