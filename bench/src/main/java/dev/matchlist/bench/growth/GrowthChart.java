package dev.matchlist.bench.growth;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Renders the growth sweep ({@code bench/growth.sh}) as one SVG: a column per axis (people,
 * audiences), a row per figure (rows/s acknowledged, request latency p99, server CPU-seconds per
 * million rows), each an XChart drawn into one VectorGraphics2D page (which writes text as glyph
 * outlines, so the file needs no fonts to show the same everywhere). Also prints the figures as a
 * Markdown table for BENCHMARKS.md.
 *
 * <p>A point measured more than once (files {@code AXIS-X.json}, {@code AXIS-X.2.json}, …) is drawn
 * at its best run by rows/s: on a shared machine other work only ever slows a run down. The table
 * lists every run.
 *
 * <p>The x axes are logarithmic (1 → 1,000 → 10,000 audiences would otherwise crowd two points into
 * the left edge); the y axes start at zero, so a flat line looks flat.
 *
 * <p>Usage: {@code GrowthChart RESULTS_DIR CHART.svg} where RESULTS_DIR holds {@code people-N.json}
 * and {@code audiences-N.json} reports (and optional {@code .load} files beside them).
 */
public final class GrowthChart {
  static final int PANEL_WIDTH = 520;
  static final int PANEL_HEIGHT = 300;

  record Figure(String title, String unit, ToDoubleFunction<GrowthPoint> value) {}

  static final List<Figure> FIGURES =
      List.of(
          new Figure("rows/s acknowledged", "rows/s", GrowthPoint::rowsPerSecond),
          new Figure("request latency p99", "ms", GrowthPoint::latencyP99Ms),
          new Figure(
              "server CPU per million rows", "CPU-seconds", GrowthPoint::cpuSecondsPerMillionRows));

  private GrowthChart() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: GrowthChart RESULTS_DIR CHART.svg");
      System.exit(2);
    }
    // No display on a build machine; fonts and layout work without one.
    System.setProperty("java.awt.headless", "true");
    List<GrowthPoint> points = read(Path.of(args[0]));
    write(points, Path.of(args[1]));
    System.out.print(table(points));
  }

  /** The reports in {@code dir}, people first, each axis in ascending order. */
  public static List<GrowthPoint> read(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(
              f -> {
                String name = f.getFileName().toString();
                return name.endsWith(".json")
                    && (name.startsWith(GrowthPoint.PEOPLE + "-")
                        || name.startsWith(GrowthPoint.AUDIENCES + "-"));
              })
          .map(GrowthPoint::read)
          .sorted(
              Comparator.comparing((GrowthPoint p) -> !p.axis().equals(GrowthPoint.PEOPLE))
                  .thenComparingLong(GrowthPoint::x))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** Writes the chart of {@code points} as SVG to {@code svg}. */
  public static void write(List<GrowthPoint> points, Path svg) throws IOException {
    List<String> axes = List.of(GrowthPoint.PEOPLE, GrowthPoint.AUDIENCES);
    int width = PANEL_WIDTH * axes.size();
    int height = PANEL_HEIGHT * FIGURES.size();
    VectorGraphics2D page = new VectorGraphics2D();
    page.setColor(Color.WHITE);
    page.fillRect(0, 0, width, height);
    for (int column = 0; column < axes.size(); column++) {
      String axis = axes.get(column);
      List<GrowthPoint> series = best(series(points, axis));
      for (int row = 0; row < FIGURES.size(); row++) {
        Graphics2D panel =
            (Graphics2D)
                page.create(column * PANEL_WIDTH, row * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT);
        chart(FIGURES.get(row), axis, series).paint(panel, PANEL_WIDTH, PANEL_HEIGHT);
        panel.dispose();
      }
    }
    Document document =
        Processors.get("svg").getDocument(page.getCommands(), new PageSize(width, height));
    try (OutputStream out = Files.newOutputStream(svg)) {
      document.writeTo(out);
    }
  }

  /**
   * The runs that belong on {@code axis}, as points of it: on the people axis every run with one
   * audience, on the audience axis every run with the audience axis's population. A run of the
   * shared configuration (e.g. 1 M people, one audience) thus counts on both axes, whichever axis
   * ran it.
   */
  static List<GrowthPoint> series(List<GrowthPoint> points, String axis) {
    if (axis.equals(GrowthPoint.PEOPLE)) {
      return points.stream().filter(p -> p.audiences() == 1).map(p -> p.on(axis)).toList();
    }
    List<Integer> populations =
        points.stream()
            .filter(p -> p.axis().equals(GrowthPoint.AUDIENCES))
            .map(GrowthPoint::population)
            .distinct()
            .toList();
    return points.stream()
        .filter(p -> populations.contains(p.population()))
        .filter(p -> p.axis().equals(GrowthPoint.AUDIENCES) || p.audiences() == 1)
        .map(p -> p.on(axis))
        .toList();
  }

  /** Of the runs of each x, the one with the most rows/s; in ascending x. */
  static List<GrowthPoint> best(List<GrowthPoint> runs) {
    return runs.stream()
        .collect(
            Collectors.toMap(
                GrowthPoint::x,
                p -> p,
                (a, b) -> a.rowsPerSecond() >= b.rowsPerSecond() ? a : b,
                TreeMap::new))
        .values()
        .stream()
        .toList();
  }

  static XYChart chart(Figure figure, String axis, List<GrowthPoint> series) {
    XYChart chart =
        new XYChartBuilder()
            .width(PANEL_WIDTH)
            .height(PANEL_HEIGHT)
            .title(figure.title() + " vs " + axis)
            .xAxisTitle(axis.equals(GrowthPoint.PEOPLE) ? "people (identity base)" : "audiences")
            .yAxisTitle(figure.unit())
            .build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setXAxisDecimalPattern("#,###");
    chart.getStyler().setYAxisDecimalPattern("#,###.#");
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setMarkerSize(8);
    // Solid grid lines: VectorGraphics2D draws a dashed one as hundreds of little rectangles.
    chart.getStyler().setPlotGridLinesStroke(new BasicStroke(0.5f));
    chart.getStyler().setPlotGridLinesColor(new Color(220, 220, 220));
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (GrowthPoint point : series) {
      double y = figure.value().applyAsDouble(point);
      if (!Double.isNaN(y)) {
        xs.add((double) point.x());
        ys.add(y);
      }
    }
    if (xs.isEmpty()) {
      // XChart refuses an empty series; a lone zero point says "not measured" plainly enough.
      xs.add(1.0);
      ys.add(0.0);
    }
    XYSeries line = chart.addSeries(figure.title(), xs, ys);
    line.setMarker(SeriesMarkers.CIRCLE);
    return chart;
  }

  /** The points as a Markdown table, one row a run. */
  public static String table(List<GrowthPoint> points) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| people | audiences | rows/s acked | latency p50 / p99 ms | matcher rows/s |"
            + " server cores | CPU-s / M rows | RSS | start-up | load (1-min, before → after) |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (GrowthPoint p : points) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %,.0f | %.1f / %.1f | %,.0f | %.2f | %.2f | %,d MiB | %.0f s | %s |%n",
              people(p.population()),
              p.audiences(),
              p.rowsPerSecond(),
              p.latencyP50Ms(),
              p.latencyP99Ms(),
              p.matcherRowsPerSecond(),
              p.serverCpuCores(),
              p.cpuSecondsPerMillionRows(),
              p.residentBytes() >> 20,
              p.setupSeconds(),
              load(p.loadAround())));
    }
    return out.toString();
  }

  private static String people(int population) {
    return population % 1_000_000 == 0
        ? population / 1_000_000 + " M"
        : String.format(Locale.ROOT, "%,d", population);
  }

  /** The 1-minute load averages of the {@code uptime} lines, joined with arrows. */
  private static String load(List<String> uptimeLines) {
    List<String> loads = new ArrayList<>();
    for (String line : uptimeLines) {
      int at = line.indexOf("load average:");
      if (at >= 0) {
        loads.add(line.substring(at + "load average:".length()).strip().split(",\\s*")[0]);
      }
    }
    return loads.isEmpty() ? "n/a" : String.join(" → ", loads);
  }
}
