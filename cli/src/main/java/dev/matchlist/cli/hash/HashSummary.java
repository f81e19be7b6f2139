package dev.matchlist.cli.hash;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code matchlist hash} reports when it is done: printed as text on stderr, or as one JSON
 * object (snake_case field names) with {@code --json}. Line numbers are file lines, the header
 * being line 1; column numbers start at 1.
 *
 * @param invalidCells per schema key, non-empty cells the normalizer rejected (written empty)
 */
record HashSummary(
    String input,
    String output,
    List<String> schema,
    List<IgnoredColumn> ignoredColumns,
    long rowsRead,
    long rowsWritten,
    Occurrences rowsWithoutIdentifier,
    Occurrences malformedRows,
    Map<String, Occurrences> invalidCells) {

  record IgnoredColumn(int column, String header, String reason) {}

  record Occurrences(long count, List<Sample> samples) {}

  record Sample(long line, String reason) {}

  /** The human-readable form, one fact per line. */
  String toText() {
    StringBuilder text = new StringBuilder();
    text.append("matchlist hash: ").append(input).append(" -> ").append(output).append('\n');
    text.append("  schema: ").append(String.join(",", schema)).append('\n');
    for (IgnoredColumn column : ignoredColumns) {
      text.append("  ignored column ")
          .append(column.column())
          .append(" \"")
          .append(column.header())
          .append("\": ")
          .append(column.reason())
          .append('\n');
    }
    text.append("  rows read: ").append(rowsRead).append('\n');
    text.append("  rows written: ").append(rowsWritten).append('\n');
    appendDropped(text, "rows with no valid identifier (not written)", rowsWithoutIdentifier);
    appendDropped(text, "rows with a wrong number of fields (not written)", malformedRows);
    if (invalidCells.isEmpty()) {
      text.append("  invalid cells: 0\n");
    } else {
      text.append("  invalid cells (written empty):\n");
      invalidCells.forEach(
          (key, occurrences) ->
              text.append("    ")
                  .append(key)
                  .append(": ")
                  .append(occurrences.count())
                  .append(samples(occurrences))
                  .append('\n'));
    }
    return text.toString();
  }

  private static void appendDropped(StringBuilder text, String label, Occurrences occurrences) {
    text.append("  ").append(label).append(": ").append(occurrences.count());
    text.append(samples(occurrences)).append('\n');
  }

  private static String samples(Occurrences occurrences) {
    if (occurrences.samples().isEmpty()) {
      return "";
    }
    String listed =
        occurrences.samples().stream()
            .map(s -> "line " + s.line() + ": " + s.reason())
            .collect(Collectors.joining("; "));
    boolean more = occurrences.count() > occurrences.samples().size();
    return " (" + listed + (more ? "; ..." : "") + ")";
  }
}
