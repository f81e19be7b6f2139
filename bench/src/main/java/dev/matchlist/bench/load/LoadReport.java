package dev.matchlist.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * What a bench run measured. Figures that could not be measured (no freshness probe against a sink,
 * no CPU without a local pid) are {@code NaN} or negative and print as {@code n/a} / {@code null}.
 *
 * @param target {@code in-process}, {@code url} or {@code sink}
 * @param audiences load audiences the batches went to, round robin
 * @param audiencesWithMembers of those, how many have members at the end by the server's member
 *     lists (-1 against a sink)
 * @param fewestMembers the member count of the smallest load audience at the end (-1 against a
 *     sink): above the seed batch's size only if the load itself reached every audience
 * @param setupSeconds starting the in-process server, population included (NaN otherwise)
 * @param seconds the measured part's wall time (first measured send → last measured answer)
 * @param requests measured requests answered 2xx
 * @param rows rows those requests carried
 * @param rowsPerSecond rows acknowledged a second
 * @param latencyP50Ms request latency (send → whole answer read), milliseconds
 * @param freshnessSamples probe batches measured
 * @param freshnessP50Ms acknowledgement → the probe audience's member count reflecting the batch
 * @param matcherRowsPerSecond every row sent (warm-up included) / first send → the matcher has
 *     applied everything (a probe sent after the load is reflected)
 * @param serverCpuCores server CPU time / wall time during the measured part; in-process, the
 *     client threads' own CPU time is subtracted
 * @param clientCpuCores the client threads' CPU time / wall time (in-process only)
 * @param residentBytes the server's VmRSS at the end
 * @param peakResidentBytes the server's VmHWM at the end
 */
public record LoadReport(
    String target,
    String encoding,
    String keys,
    int clients,
    int population,
    int audiences,
    long audiencesWithMembers,
    long fewestMembers,
    int batchRows,
    double setupSeconds,
    double seconds,
    long requests,
    long rows,
    double rowsPerSecond,
    double latencyP50Ms,
    double latencyP99Ms,
    double latencyMaxMs,
    long freshnessSamples,
    double freshnessP50Ms,
    double freshnessP99Ms,
    double matcherRowsPerSecond,
    double serverCpuCores,
    double clientCpuCores,
    long residentBytes,
    long peakResidentBytes) {

  /** One JSON object; unknown figures are null. */
  public String toJson() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode json = mapper.createObjectNode();
    json.put("target", target);
    json.put("encoding", encoding);
    json.put("keys", keys);
    json.put("clients", clients);
    json.put("population", population);
    json.put("audiences", audiences);
    known(json, "audiences_with_members", audiencesWithMembers);
    known(json, "fewest_members", fewestMembers);
    json.put("batch_rows", batchRows);
    number(json, "setup_seconds", setupSeconds);
    number(json, "seconds", seconds);
    json.put("requests", requests);
    json.put("rows", rows);
    number(json, "rows_per_second", rowsPerSecond);
    number(json, "latency_p50_ms", latencyP50Ms);
    number(json, "latency_p99_ms", latencyP99Ms);
    number(json, "latency_max_ms", latencyMaxMs);
    json.put("freshness_samples", freshnessSamples);
    number(json, "freshness_p50_ms", freshnessP50Ms);
    number(json, "freshness_p99_ms", freshnessP99Ms);
    number(json, "matcher_rows_per_second", matcherRowsPerSecond);
    number(json, "server_cpu_cores", serverCpuCores);
    number(json, "client_cpu_cores", clientCpuCores);
    known(json, "resident_bytes", residentBytes);
    known(json, "peak_resident_bytes", peakResidentBytes);
    return json.toString();
  }

  /** A human-readable table, one figure a line. */
  public String toTable() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "matchlist bench: %s, population %,d, %,d audience%s, %d client%s, %s key%s, %s, %,d-row batches%n",
            target,
            population,
            audiences,
            audiences == 1 ? "" : "s",
            clients,
            clients == 1 ? "" : "s",
            keys,
            keys.equals("single") ? "" : "s",
            encoding,
            batchRows));
    if (audiencesWithMembers >= 0) {
      line(
          out,
          "audiences with members",
          String.format(
              Locale.ROOT,
              "%,d of %,d (the smallest: %,d members)",
              audiencesWithMembers,
              audiences,
              fewestMembers));
    }
    line(out, "rows/s acknowledged", String.format(Locale.ROOT, "%,.0f", rowsPerSecond));
    line(
        out,
        "measured",
        String.format(Locale.ROOT, "%,d rows in %,d requests, %.1f s", rows, requests, seconds));
    line(
        out,
        "latency p50 / p99 / max",
        String.format(
            Locale.ROOT, "%s / %s / %s ms", ms(latencyP50Ms), ms(latencyP99Ms), ms(latencyMaxMs)));
    line(
        out,
        "freshness p50 / p99",
        freshnessSamples == 0
            ? "n/a"
            : String.format(
                Locale.ROOT,
                "%s / %s ms (%d samples)",
                ms(freshnessP50Ms),
                ms(freshnessP99Ms),
                freshnessSamples));
    line(
        out,
        "matcher rows/s",
        Double.isNaN(matcherRowsPerSecond)
            ? "n/a"
            : String.format(Locale.ROOT, "%,.0f", matcherRowsPerSecond));
    line(
        out,
        "server CPU",
        Double.isNaN(serverCpuCores)
            ? "n/a"
            : String.format(Locale.ROOT, "%.2f cores", serverCpuCores)
                + (Double.isNaN(clientCpuCores)
                    ? ""
                    : String.format(Locale.ROOT, " (load clients: %.2f cores)", clientCpuCores)));
    line(
        out,
        "server resident memory",
        residentBytes < 0
            ? "n/a"
            : String.format(
                Locale.ROOT,
                "%,.0f MiB (peak %,.0f MiB)",
                residentBytes / 1048576.0,
                peakResidentBytes / 1048576.0));
    if (!Double.isNaN(setupSeconds)) {
      line(out, "server start + population", String.format(Locale.ROOT, "%.1f s", setupSeconds));
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String name, String value) {
    out.append(String.format(Locale.ROOT, "  %-26s %s%n", name, value));
  }

  private static String ms(double millis) {
    return Double.isNaN(millis) ? "n/a" : String.format(Locale.ROOT, "%.1f", millis);
  }

  private static void number(ObjectNode json, String name, double value) {
    if (Double.isNaN(value)) {
      json.putNull(name);
    } else {
      json.put(name, value);
    }
  }

  /** A count or byte size; negative means unknown. */
  private static void known(ObjectNode json, String name, long value) {
    if (value < 0) {
      json.putNull(name);
    } else {
      json.put(name, value);
    }
  }
}
