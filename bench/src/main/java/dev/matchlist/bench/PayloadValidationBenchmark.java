package dev.matchlist.bench;

import dev.matchlist.core.payload.PayloadException;
import dev.matchlist.core.payload.PayloadParser;
import dev.matchlist.core.payload.ValidatedPayload;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing and validating a full 10,000-row upload from its UTF-8 bytes, in rows per second. Target
 * on the 2-core dev machine: at least 5 M rows/s per core for the single-key payload.
 *
 * <pre>
 * ./mvnw -q -B -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar PayloadValidation -f 1 -wi 2 -i 3 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PayloadValidationBenchmark {
  private static final int ROWS = 10_000;

  private final PayloadParser parser = new PayloadParser();
  private byte[] singleKey;
  private byte[] fiveKeys;

  @Setup
  public void generate() {
    singleKey = PayloadGenerator.hashedRows(List.of("EMAIL"), ROWS, 1);
    fiveKeys = PayloadGenerator.hashedRows(List.of("EMAIL", "PHONE", "FN", "LN", "ZIP"), ROWS, 2);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public ValidatedPayload singleKeyEmail() throws PayloadException {
    return parser.parse(singleKey);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public ValidatedPayload fiveKeyRows() throws PayloadException {
    return parser.parse(fiveKeys);
  }
}
