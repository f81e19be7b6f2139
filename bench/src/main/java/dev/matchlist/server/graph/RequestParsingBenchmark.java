package dev.matchlist.server.graph;

import dev.matchlist.bench.load.KeySet;
import dev.matchlist.bench.load.UploadBody;
import dev.matchlist.bench.load.UploadEncoding;
import dev.matchlist.core.payload.PayloadParser;
import dev.matchlist.core.payload.ValidatedPayload;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Request parsing per encoding, in rows per second on one thread: a 10,000-row upload body (form,
 * multipart or JSON, as the load generator sends it) decoded into parameters by the server's own
 * {@link ParamDecoder} ({@code decode}), and then its payload validated as the upload edge does
 * ({@code decodeAndValidate}). It lives in the server's package, in the bench module, because the
 * decoder is package-private.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar RequestParsing -f 1 -wi 2 -i 3 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RequestParsingBenchmark {
  private static final int ROWS = 10_000;

  @Param({"FORM", "MULTIPART", "JSON"})
  public UploadEncoding encoding;

  @Param({"SINGLE", "FIVE"})
  public KeySet keys;

  private final PayloadParser parser = new PayloadParser();
  private UploadBody body;

  @Setup
  public void build() {
    body = encoding.encode("EAABbenchtoken0123456789", keys.payload(0, ROWS, 1_000_000));
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public GraphParams decode() {
    return ParamDecoder.decode(null, body.bytes(), body.bytes().length, body.contentType());
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public ValidatedPayload decodeAndValidate() throws Exception {
    return UploadDecoding.payload(body.bytes(), body.contentType(), parser);
  }
}
