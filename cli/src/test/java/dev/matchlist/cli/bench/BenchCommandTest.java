package dev.matchlist.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.cli.CliProcess;
import org.junit.jupiter.api.Test;

/**
 * The CI smoke of {@code matchlist bench}: it runs by itself and produces numbers, nothing more.
 */
class BenchCommandTest {

  @Test
  void aShortInProcessRunReportsPositiveFiguresAsJson() throws Exception {
    CliProcess.Result result =
        CliProcess.run(
            "bench",
            "--population",
            "10000",
            "--clients",
            "1",
            "--duration",
            "1.5",
            "--warmup",
            "0.5",
            "--json");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    JsonNode report = new ObjectMapper().readTree(result.stdout());
    assertThat(report.get("target").asText()).isEqualTo("in-process");
    assertThat(report.get("requests").asLong()).isPositive();
    assertThat(report.get("rows").asLong()).isPositive();
    assertThat(report.get("rows_per_second").asDouble()).isPositive();
    assertThat(report.get("latency_p99_ms").asDouble()).isPositive();
    assertThat(report.get("freshness_samples").asLong()).isPositive();
    assertThat(report.get("freshness_p99_ms").asDouble()).isPositive();
    assertThat(report.get("matcher_rows_per_second").asDouble()).isPositive();
    assertThat(report.get("server_cpu_cores").asDouble()).isPositive();
    assertThat(report.get("resident_bytes").asLong()).isPositive();
  }

  @Test
  void withSeveralAudiencesTheLoadReachesEveryOneOfThem() throws Exception {
    CliProcess.Result result =
        CliProcess.run(
            "bench",
            "--population",
            "10000",
            "--audiences",
            "3",
            "--clients",
            "1",
            "--duration",
            "1.5",
            "--warmup",
            "0.5",
            "--json");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    JsonNode report = new ObjectMapper().readTree(result.stdout());
    assertThat(report.get("audiences").asInt()).isEqualTo(3);
    assertThat(report.get("audiences_with_members").asLong()).isEqualTo(3);
    // A seed batch gives each audience 1,000 people; only load batches (10,000 rows over the
    // 9,000 people the load uses) bring one past that.
    assertThat(report.get("fewest_members").asLong()).isGreaterThan(1_000);
    assertThat(report.get("rows_per_second").asDouble()).isPositive();
  }

  @Test
  void anUnknownKeySetIsAUsageError() {
    CliProcess.Result result = CliProcess.run("bench", "--keys", "seven");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("--keys takes [single, five]");
  }
}
