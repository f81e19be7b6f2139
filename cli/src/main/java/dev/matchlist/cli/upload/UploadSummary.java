package dev.matchlist.cli.upload;

import dev.matchlist.client.InvalidSample;
import dev.matchlist.client.UploadReport;
import dev.matchlist.core.columns.ColumnMapping;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The final report of {@code upload}, {@code remove} and {@code replace}: the SDK's {@link
 * UploadReport} in plain values for {@code --json}, plus the text people read. Never a cell's
 * value: invalid rows are named by line, column and reason.
 *
 * @param complete whether every row was sent and acknowledged (false when the command failed)
 * @param error the failure's message when not complete
 */
record UploadSummary(
    boolean complete,
    @Nullable String error,
    String audienceId,
    String operation,
    long sessionId,
    boolean resumed,
    List<String> schema,
    List<String> ignoredColumns,
    long rowsRead,
    long rowsInvalid,
    Map<String, Long> invalidByKey,
    List<Sample> firstInvalidSamples,
    long rowsSent,
    long batchesSent,
    long retries,
    long numReceived,
    long numInvalidEntries,
    double durationSeconds,
    long rowsPerSecond) {

  /** Where a row or cell was invalid and why; {@code key} null for a whole-row problem. */
  record Sample(long line, String column, @Nullable String key, String reason) {
    static Sample of(InvalidSample sample) {
      return new Sample(
          sample.line(),
          sample.column(),
          sample.key() == null ? null : sample.key().name(),
          sample.reason());
    }
  }

  static UploadSummary of(UploadReport report, ColumnMapping mapping, @Nullable String error) {
    double seconds = report.duration().toNanos() / 1e9;
    Map<String, Long> invalidByKey = new TreeMap<>();
    report.invalidByKey().forEach((key, count) -> invalidByKey.put(key.name(), count));
    return new UploadSummary(
        error == null,
        error,
        report.audienceId(),
        report.operation().name(),
        report.sessionId(),
        report.resumed(),
        mapping.schema().stream().map(Enum::name).toList(),
        mapping.ignored().stream()
            .map(c -> "column " + (c.column() + 1) + " \"" + c.header() + "\": " + c.reason())
            .toList(),
        report.rowsRead(),
        report.rowsInvalid(),
        invalidByKey,
        report.firstInvalidSamples().stream().map(Sample::of).toList(),
        report.rowsSent(),
        report.batchesSent(),
        report.retries(),
        report.numReceived(),
        report.numInvalidEntries(),
        Math.round(seconds * 1000) / 1000.0,
        seconds > 0 ? Math.round(report.rowsRead() / seconds) : report.rowsRead());
  }

  /** The report for people, several lines. */
  String toText() {
    StringBuilder text = new StringBuilder();
    text.append(complete ? "Done: " : "Stopped: ")
        .append(operation.toLowerCase(java.util.Locale.ROOT))
        .append(" to audience ")
        .append(audienceId)
        .append(", session ")
        .append(sessionId)
        .append(resumed ? " (resumed)" : "")
        .append('\n');
    text.append("  schema: ").append(String.join(",", schema)).append('\n');
    for (String ignored : ignoredColumns) {
      text.append("  ignored ").append(ignored).append('\n');
    }
    text.append("  rows read: ").append(rowsRead).append('\n');
    text.append("  rows invalid (not sent): ").append(rowsInvalid).append('\n');
    invalidByKey.forEach(
        (key, count) -> text.append("    ").append(key).append(": ").append(count).append('\n'));
    for (Sample sample : firstInvalidSamples) {
      text.append("    line ").append(sample.line());
      if (!sample.column().isEmpty()) {
        text.append(", column ").append(sample.column());
      }
      text.append(": ").append(sample.reason()).append('\n');
    }
    text.append("  rows sent: ")
        .append(rowsSent)
        .append(" in ")
        .append(batchesSent)
        .append(batchesSent == 1 ? " batch, " : " batches, ")
        .append(retries)
        .append(retries == 1 ? " retry\n" : " retries\n");
    text.append("  server: num_received ")
        .append(numReceived)
        .append(", num_invalid_entries ")
        .append(numInvalidEntries)
        .append('\n');
    text.append("  time: ")
        .append(durationSeconds)
        .append(" s, ")
        .append(rowsPerSecond)
        .append(" rows/s\n");
    return text.toString();
  }
}
