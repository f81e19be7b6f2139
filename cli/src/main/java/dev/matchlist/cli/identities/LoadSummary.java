package dev.matchlist.cli.identities;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answers of a load's requests added up, with the server's per-request positions turned back
 * into the file's line numbers. Holds counts, keys, reasons and line numbers, never a value.
 */
final class LoadSummary {
  static final int LINES_KEPT = 100;

  record Rejected(long count, List<Map<String, Object>> lines) {}

  private long users;
  private long identifiers;
  private long withoutIdentifiers;
  private final Map<String, Long> rejectedCounts = new TreeMap<>();
  private final Map<String, List<Map<String, Object>>> rejectedLines = new TreeMap<>();
  private final Map<String, Long> ignoredFields = new TreeMap<>();

  /**
   * Adds one answer.
   *
   * @param fileLines the file's line of each user of the request, in the order sent
   */
  void add(JsonNode answer, long[] fileLines) {
    users += answer.path("users").asLong();
    identifiers += answer.path("identifiers").asLong();
    withoutIdentifiers += answer.path("users_without_identifiers").asLong();
    answer
        .path("rejected")
        .fields()
        .forEachRemaining(
            key -> {
              rejectedCounts.merge(key.getKey(), key.getValue().path("count").asLong(), Long::sum);
              List<Map<String, Object>> kept =
                  rejectedLines.computeIfAbsent(key.getKey(), k -> new ArrayList<>());
              for (JsonNode line : key.getValue().path("lines")) {
                if (kept.size() < LINES_KEPT) {
                  int position = line.path("line").asInt();
                  Map<String, Object> entry = new LinkedHashMap<>();
                  entry.put(
                      "line",
                      position >= 1 && position <= fileLines.length
                          ? fileLines[position - 1]
                          : position);
                  entry.put("reason", line.path("reason").asText());
                  kept.add(entry);
                }
              }
            });
    answer
        .path("ignored_fields")
        .fields()
        .forEachRemaining(f -> ignoredFields.merge(f.getKey(), f.getValue().asLong(), Long::sum));
  }

  long users() {
    return users;
  }

  Map<String, Object> json(List<String> ignoredColumns) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("users", users);
    json.put("identifiers", identifiers);
    json.put("users_without_identifiers", withoutIdentifiers);
    Map<String, Object> rejected = new LinkedHashMap<>();
    rejectedCounts.forEach(
        (key, count) -> rejected.put(key, Map.of("count", count, "lines", rejectedLines.get(key))));
    json.put("rejected", rejected);
    json.put("ignored_fields", ignoredFields);
    json.put("ignored_columns", ignoredColumns);
    return json;
  }

  void print(PrintWriter out, String source, List<String> ignoredColumns) {
    out.printf(
        "Loaded %d users from %s: %d identifiers%s.%n",
        users,
        source,
        identifiers,
        withoutIdentifiers == 0 ? "" : ", " + withoutIdentifiers + " users without any");
    rejectedCounts.forEach(
        (key, count) -> {
          List<Map<String, Object>> lines = rejectedLines.get(key);
          StringBuilder where = new StringBuilder();
          for (Map<String, Object> line : lines.subList(0, Math.min(10, lines.size()))) {
            where
                .append(where.isEmpty() ? "" : "; ")
                .append("line ")
                .append(line.get("line"))
                .append(": ")
                .append(line.get("reason"));
          }
          out.printf(
              "Rejected %s: %d cell%s (%s%s)%n",
              key, count, count == 1 ? "" : "s", where, count > 10 ? "; ..." : "");
        });
    if (!ignoredColumns.isEmpty()) {
      out.println("Not sent (no identifier): " + String.join(", ", ignoredColumns));
    }
    if (!ignoredFields.isEmpty()) {
      out.println("Ignored by the server: " + String.join(", ", ignoredFields.keySet()));
    }
  }
}
