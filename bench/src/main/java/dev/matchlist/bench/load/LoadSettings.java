package dev.matchlist.bench.load;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One bench run.
 *
 * @param url the server to load; empty starts one in this JVM on a fresh temporary data directory
 * @param adminToken the admin token of the server at {@code url} (ignored in-process and for a
 *     sink)
 * @param serverPid the local process whose CPU and memory to report when targeting {@code url}
 * @param population people in the synthetic population: built in-process, or the size the server at
 *     {@code url} was started with ({@code --matching population:N}), so rows name real people
 * @param audiences audiences the load's batches go to, round robin; each first gets one small seed
 *     batch so that all of them have members before the clock starts
 * @param clients concurrent connections, each sending one batch at a time
 * @param encoding how each request carries its parameters
 * @param keys the identifiers of each row
 * @param batchRows rows a request
 * @param warmup sent but not counted, before the measured part
 * @param duration how long the measured part lasts at most
 * @param maxRows stop once this many rows were acknowledged in the measured part; 0 for no bound
 * @param sink the target is a null HTTP sink (e.g. nginx): no admin API, no audiences, no probe;
 *     any 2xx counts as acknowledged
 * @param probeInterval how often the freshness probe sends a small batch of new people
 * @param rowsPerSecond send at most this many rows a second in all (batches evenly spaced); 0 for
 *     as fast as the server answers
 */
public record LoadSettings(
    Optional<URI> url,
    String adminToken,
    OptionalLong serverPid,
    int population,
    int audiences,
    int clients,
    UploadEncoding encoding,
    KeySet keys,
    int batchRows,
    Duration warmup,
    Duration duration,
    long maxRows,
    boolean sink,
    Duration probeInterval,
    long rowsPerSecond) {

  public LoadSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(adminToken, "adminToken");
    Objects.requireNonNull(serverPid, "serverPid");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(keys, "keys");
    if (clients < 1
        || batchRows < 1
        || population < 1
        || audiences < 1
        || maxRows < 0
        || rowsPerSecond < 0) {
      throw new IllegalArgumentException(
          "clients, batch rows, population and audiences must be positive, max rows and rate not"
              + " negative");
    }
    if (!sink && population < LoadGenerator.MIN_POPULATION) {
      throw new IllegalArgumentException(
          "population must be at least " + LoadGenerator.MIN_POPULATION);
    }
    if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
      throw new IllegalArgumentException("duration must be positive, warm-up not negative");
    }
    if (sink && url.isEmpty()) {
      throw new IllegalArgumentException("a sink run needs the sink's url");
    }
    if (url.isPresent() && !sink && adminToken.isBlank()) {
      throw new IllegalArgumentException("a server at a url needs its admin token");
    }
  }

  /**
   * Defaults: in-process, 100,000 people, 1 audience, 2 clients, single key, JSON, 10k rows, 10 s.
   */
  public static LoadSettings defaults() {
    return new LoadSettings(
        Optional.empty(),
        "",
        OptionalLong.empty(),
        100_000,
        1,
        2,
        UploadEncoding.JSON,
        KeySet.SINGLE,
        10_000,
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        0,
        false,
        Duration.ofMillis(250),
        0);
  }

  /** Whether the tool starts the server itself. */
  public boolean inProcess() {
    return url.isEmpty();
  }
}
