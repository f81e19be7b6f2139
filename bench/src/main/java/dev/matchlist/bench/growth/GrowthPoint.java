package dev.matchlist.bench.growth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One run of the growth sweep: the figures of one {@code matchlist bench --json} report, at one
 * value of the axis that grows, with the machine's load around it (the machine is shared, so a
 * figure means little without it).
 *
 * @param axis what grows: {@link #PEOPLE} or {@link #AUDIENCES}
 * @param x the value of that axis in this run
 * @param serverCpuSeconds server CPU time in the measured part (server cores × seconds)
 * @param loadAround the {@code uptime} lines before and after the run, as the sweep wrote them
 */
public record GrowthPoint(
    String axis,
    long x,
    int population,
    int audiences,
    double rowsPerSecond,
    double latencyP50Ms,
    double latencyP99Ms,
    double matcherRowsPerSecond,
    double serverCpuCores,
    double serverCpuSeconds,
    long rows,
    long residentBytes,
    double setupSeconds,
    List<String> loadAround) {

  public static final String PEOPLE = "people";
  public static final String AUDIENCES = "audiences";

  private static final ObjectMapper JSON = new ObjectMapper();

  public GrowthPoint {
    Objects.requireNonNull(axis, "axis");
    if (!axis.equals(PEOPLE) && !axis.equals(AUDIENCES)) {
      throw new IllegalArgumentException("axis is people or audiences, not " + axis);
    }
    loadAround = List.copyOf(loadAround);
  }

  /**
   * Reads {@code report}, an {@code AXIS-X.json} bench report, and the {@code AXIS-X.load} beside
   * it (the {@code uptime} lines) if there. The axis value is read from the report, not the name.
   */
  public static GrowthPoint read(Path report) {
    String name = report.getFileName().toString();
    String axis = name.substring(0, name.indexOf('-'));
    try {
      JsonNode json = JSON.readTree(report.toFile());
      Path load = report.resolveSibling(name.replaceFirst("\\.json$", ".load"));
      List<String> loadAround =
          Files.exists(load)
              ? Files.readAllLines(load, StandardCharsets.UTF_8).stream()
                  .map(String::strip)
                  .filter(line -> !line.isEmpty())
                  .toList()
              : List.of();
      int population = json.get("population").asInt();
      int audiences = json.path("audiences").asInt(1);
      double cores = number(json, "server_cpu_cores");
      return new GrowthPoint(
          axis,
          axis.equals(PEOPLE) ? population : audiences,
          population,
          audiences,
          number(json, "rows_per_second"),
          number(json, "latency_p50_ms"),
          number(json, "latency_p99_ms"),
          number(json, "matcher_rows_per_second"),
          cores,
          cores * number(json, "seconds"),
          json.get("rows").asLong(),
          json.path("resident_bytes").asLong(-1),
          number(json, "setup_seconds"),
          loadAround);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + report, e);
    }
  }

  /** This run as a point on {@code axis}: the same figures, x its population or audiences. */
  public GrowthPoint on(String axis) {
    return new GrowthPoint(
        axis,
        axis.equals(PEOPLE) ? population : audiences,
        population,
        audiences,
        rowsPerSecond,
        latencyP50Ms,
        latencyP99Ms,
        matcherRowsPerSecond,
        serverCpuCores,
        serverCpuSeconds,
        rows,
        residentBytes,
        setupSeconds,
        loadAround);
  }

  /** Server CPU-seconds per million rows acknowledged: the cost that does not depend on load. */
  public double cpuSecondsPerMillionRows() {
    return rows == 0 ? Double.NaN : serverCpuSeconds / (rows / 1e6);
  }

  private static double number(JsonNode json, String name) {
    JsonNode value = json.get(name);
    return value == null || value.isNull() ? Double.NaN : value.asDouble();
  }
}
