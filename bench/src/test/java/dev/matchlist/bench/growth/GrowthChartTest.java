package dev.matchlist.bench.growth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class GrowthChartTest {
  @TempDir Path dir;

  private void report(String name, int population, int audiences, double rowsPerSecond)
      throws Exception {
    Files.writeString(
        dir.resolve(name + ".json"),
        """
        {"target":"in-process","population":%d,"audiences":%d,"seconds":10.0,"rows":%d,
         "rows_per_second":%s,"latency_p50_ms":12.5,"latency_p99_ms":40.0,
         "matcher_rows_per_second":900000.0,"server_cpu_cores":1.5,"resident_bytes":1048576000,
         "setup_seconds":4.0}
        """
            .formatted(population, audiences, (long) (rowsPerSecond * 10), rowsPerSecond),
        StandardCharsets.UTF_8);
  }

  @Test
  void readsEachReportAsAPointOnItsAxisPeopleFirstInAscendingOrder() throws Exception {
    report("audiences-1000", 1_000_000, 1_000, 800_000);
    report("people-10000000", 10_000_000, 1, 700_000);
    report("people-1000000", 1_000_000, 1, 1_000_000);

    List<GrowthPoint> points = GrowthChart.read(dir);

    assertThat(points)
        .extracting(GrowthPoint::axis, GrowthPoint::x)
        .containsExactly(
            tuple("people", 1_000_000L), tuple("people", 10_000_000L), tuple("audiences", 1_000L));
  }

  @Test
  void ofARepeatedPointTheChartTakesTheRunWithTheMostRowsPerSecond() throws Exception {
    report("people-1000000", 1_000_000, 1, 400_000);
    report("people-1000000.2", 1_000_000, 1, 900_000);
    report("people-1000000.3", 1_000_000, 1, 600_000);
    report("people-10000000", 10_000_000, 1, 700_000);

    List<GrowthPoint> best = GrowthChart.best(GrowthChart.read(dir));

    assertThat(best)
        .extracting(GrowthPoint::x, GrowthPoint::rowsPerSecond)
        .containsExactly(tuple(1_000_000L, 900_000.0), tuple(10_000_000L, 700_000.0));
  }

  @Test
  void aRunOfTheSharedConfigurationCountsOnBothAxes() throws Exception {
    report("people-1000000", 1_000_000, 1, 400_000);
    report("people-10000000", 10_000_000, 1, 700_000);
    report("audiences-1", 1_000_000, 1, 900_000);
    report("audiences-1000", 1_000_000, 1_000, 800_000);
    List<GrowthPoint> points = GrowthChart.read(dir);

    List<GrowthPoint> people = GrowthChart.best(GrowthChart.series(points, "people"));
    List<GrowthPoint> audiences = GrowthChart.best(GrowthChart.series(points, "audiences"));

    assertThat(people)
        .extracting(GrowthPoint::x, GrowthPoint::rowsPerSecond)
        .containsExactly(tuple(1_000_000L, 900_000.0), tuple(10_000_000L, 700_000.0));
    assertThat(audiences)
        .extracting(GrowthPoint::x, GrowthPoint::rowsPerSecond)
        .containsExactly(tuple(1L, 900_000.0), tuple(1_000L, 800_000.0));
  }

  @Test
  void cpuPerMillionRowsIsServerCoresTimesSecondsOverMillionsOfRows() throws Exception {
    // 1.5 cores × 10 s = 15 CPU-seconds for 5,000,000 rows: 3 CPU-seconds per million.
    report("people-1000000", 1_000_000, 1, 500_000);

    GrowthPoint point = GrowthChart.read(dir).get(0);

    assertThat(point.cpuSecondsPerMillionRows()).isCloseTo(3.0, within(1e-9));
  }

  @Test
  void theLoadColumnShowsTheOneMinuteLoadBeforeAndAfter() throws Exception {
    report("people-1000000", 1_000_000, 1, 500_000);
    Files.writeString(
        dir.resolve("people-1000000.load"),
        " 19:40:01 up  6:05,  0 user,  load average: 1.25, 2.00, 1.50\n"
            + " 19:40:30 up  6:05,  0 user,  load average: 2.75, 2.10, 1.60\n");

    String table = GrowthChart.table(GrowthChart.read(dir));

    assertThat(table).contains("| 1 M | 1 | 500,000 | 12.5 / 40.0 |").contains("1.25 → 2.75 |");
  }

  @Test
  void writesOneWellFormedSvgPageWithAPanelPerAxisAndFigure() throws Exception {
    report("people-1000000", 1_000_000, 1, 1_000_000);
    report("people-10000000", 10_000_000, 1, 700_000);
    report("audiences-1", 1_000_000, 1, 1_000_000);
    report("audiences-10000", 1_000_000, 10_000, 600_000);
    Path svg = dir.resolve("growth.svg");

    GrowthChart.write(GrowthChart.read(dir), svg);

    DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
    // The SVG names the SVG 1.1 DTD; no network here, and well-formedness needs no DTD.
    xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Element root = xml.newDocumentBuilder().parse(svg.toFile()).getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("svg");
    // Two axes side by side, three figures (rows/s, p99, CPU per million rows) one under another.
    assertThat(Double.parseDouble(root.getAttribute("width").replaceAll("[a-z]+$", "")))
        .isEqualTo(2 * 520.0);
    assertThat(Double.parseDouble(root.getAttribute("height").replaceAll("[a-z]+$", "")))
        .isEqualTo(3 * 300.0);
  }

  @Test
  void theChartFollowsTheFigures() throws Exception {
    report("people-1000000", 1_000_000, 1, 1_000_000);
    report("people-10000000", 10_000_000, 1, 700_000);
    Path first = dir.resolve("first.svg");
    GrowthChart.write(GrowthChart.read(dir), first);
    report("people-10000000", 10_000_000, 1, 300_000);
    Path second = dir.resolve("second.svg");

    GrowthChart.write(GrowthChart.read(dir), second);

    assertThat(Files.readString(second)).isNotEqualTo(Files.readString(first));
  }
}
