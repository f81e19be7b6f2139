package dev.matchlist.client;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;

/**
 * Measures the client's CPU per run of the upload path, warm, in one JVM (no start-up, no JIT of
 * the first run after the first iterations): not a test, a tool for BENCHMARKS.md's "CLI upload"
 * section. Two modes:
 *
 * <pre>
 * encode FILE ITERATIONS            CSV read, normalized, hashed, encoded (no HTTP)
 * upload FILE ITERATIONS URL TOKEN ACCOUNT   the whole Uploader against a running server
 * </pre>
 *
 * Run it from the test classpath: {@code java -cp client/target/classes:client/target/test-classes:
 * core/target/classes:<deps> dev.matchlist.client.UploadCpuProbe encode email-1000000.csv 10}.
 */
public final class UploadCpuProbe {
  private UploadCpuProbe() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path file = Path.of(args[1]);
    int iterations = Integer.parseInt(args[2]);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    GraphClient client =
        mode.equals("upload")
            ? GraphClient.builder().baseUrl(URI.create(args[3])).accessToken(args[4]).build()
            : null;
    for (int i = 0; i < iterations; i++) {
      long cpu = os.getProcessCpuTime();
      long wall = System.nanoTime();
      long rows;
      if (client == null) {
        rows = encodeOnly(file);
      } else {
        String audience =
            client.createAudience(args[5], AudienceSpec.customerList("probe " + i, "")).id();
        try (CustomerRecords records = CustomerRecords.csv(file)) {
          rows = Uploader.builder(client).audienceId(audience).build().upload(records).rowsSent();
        }
      }
      double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
      double wallSeconds = (System.nanoTime() - wall) / 1e9;
      System.out.printf(
          "%s %d: %,d rows, %.2f s wall, %.2f s CPU, %.2f CPU-s per million rows%n",
          mode, i, rows, wallSeconds, cpuSeconds, cpuSeconds * 1e6 / rows);
    }
    if (Boolean.getBoolean("probe.threads")) {
      printThreadCpu();
    }
  }

  /** CPU of the JVM's live threads (GC, JIT, HTTP), from /proc: where the rest of the time goes. */
  private static void printThreadCpu() throws java.io.IOException {
    java.util.Map<String, Double> byName = new java.util.TreeMap<>();
    try (var tasks = java.nio.file.Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        String stat;
        try {
          stat = java.nio.file.Files.readString(task.resolve("stat"));
        } catch (java.nio.file.NoSuchFileException ended) {
          continue;
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        byName.merge(name.replaceAll("[0-9]+$", "#"), seconds, Double::sum);
      }
    }
    byName.forEach((name, s) -> System.out.printf("  %-24s %6.2f s%n", name, s));
  }

  /** The uploader's encode path on the calling thread: rows in, encoded rows out. */
  private static long encodeOnly(Path file) {
    long rows = 0;
    long bytes = 0;
    try (CsvCustomerRecords records = CsvCustomerRecords.open(file, null)) {
      RowEncoder encoder =
          new RowEncoder(
              dev.matchlist.core.normalize.Normalizer.standard(), records, PayloadSyntax.JSON);
      for (RawChunk chunk = records.next(2048); chunk != null; chunk = records.next(2048)) {
        EncodedChunk encoded = encoder.encode(chunk);
        rows += encoded.count();
        bytes += encoded.bytes.size();
      }
    }
    return bytes == 0 ? 0 : rows;
  }
}
