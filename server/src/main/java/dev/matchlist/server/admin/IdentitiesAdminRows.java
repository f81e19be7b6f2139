package dev.matchlist.server.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.columns.ColumnMapping;
import dev.matchlist.server.graph.GraphError;
import dev.matchlist.server.graph.GraphJson;
import dev.matchlist.server.graph.ParamValue;
import dev.matchlist.server.matching.PersonRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the users of one identities load: NDJSON (one JSON object a line) or a JSON array of the
 * same objects, streamed with Jackson's parser so that only one user's fields are held at a time.
 *
 * <p>Each object has {@value #USER_ID} and identifier fields named as {@code matchlist hash} reads
 * CSV headers ({@link ColumnMapping}): {@code email}, {@code phone}, {@code fn}, {@code dob} (a
 * whole date), {@code madid}, {@code email_sha256} (already hashed), ... Fields that name no key
 * are counted in {@link Sink#ignoredField}, never stored.
 */
final class IdentitiesAdminRows {
  static final String USER_ID = "user_id";

  /** Where each read user goes. */
  interface Sink {
    /**
     * @param line the object's line in NDJSON, or its 1-based position in a JSON array
     */
    void user(int line, PersonRow row);

    void ignoredField(String name);
  }

  /** A field-name list's mapping, as arrays for the per-user loop. */
  private record Shape(ColumnMapping mapping, SchemaKey[] keys, int[] columns) {
    static Shape of(List<String> names) {
      ColumnMapping mapping = ColumnMapping.of(names);
      List<SchemaKey> schema = mapping.schema();
      SchemaKey[] keys = schema.toArray(SchemaKey[]::new);
      int[] columns = schema.stream().mapToInt(key -> mapping.source(key).column()).toArray();
      return new Shape(mapping, keys, columns);
    }
  }

  // The shape of each distinct field-name list: files have one or a few, mostly the last one's.
  private final Map<List<String>, Shape> shapes = new HashMap<>();
  private List<String> lastNames = List.of();
  private @Nullable Shape lastShape;

  // One user's fields, reused from user to user.
  private final List<String> names = new ArrayList<>();
  private final List<String> values = new ArrayList<>();

  /**
   * Reads every user of {@code users} into {@code sink}.
   *
   * @throws dev.matchlist.server.graph.GraphException 100 naming the line of the first bad object
   */
  void read(ParamValue users, Sink sink) {
    try (JsonParser parser = users.jsonParser(GraphJson.FACTORY)) {
      JsonToken first = parser.nextToken();
      boolean array = first == JsonToken.START_ARRAY;
      int position = 0;
      JsonToken token = array ? parser.nextToken() : first;
      while (token != null && token != JsonToken.END_ARRAY) {
        position++;
        int line = array ? position : parser.currentTokenLocation().getLineNr();
        if (token != JsonToken.START_OBJECT) {
          throw bad(line, "not a JSON object; send one {\"user_id\": ..., ...} per line");
        }
        readUser(parser, line, sink);
        token = parser.nextToken();
      }
      if (array && (token != JsonToken.END_ARRAY || parser.nextToken() != null)) {
        throw GraphError.invalidParameter("users: unexpected content after the JSON array")
            .exception();
      }
    } catch (JsonProcessingException e) {
      throw bad(
          e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw GraphError.invalidParameter("users could not be read: " + e.getMessage()).exception();
    }
  }

  private void readUser(JsonParser parser, int line, Sink sink) throws IOException {
    String userId = null;
    names.clear();
    values.clear();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_NULL) {
        continue;
      }
      if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
        throw bad(line, "field '" + name + "' must be a string or a number");
      }
      if (name.equals(USER_ID)) {
        userId = parser.getText().strip();
      } else {
        names.add(name);
        values.add(parser.getText());
      }
    }
    if (userId == null || userId.isEmpty()) {
      throw bad(line, "no user_id (the operator's own id of the user)");
    }
    Shape shape = shapeOf(names);
    for (ColumnMapping.IgnoredColumn ignored : shape.mapping().ignored()) {
      sink.ignoredField(ignored.header());
    }
    Map<SchemaKey, String> raw = new EnumMap<>(SchemaKey.class);
    for (int i = 0; i < shape.keys().length; i++) {
      raw.put(shape.keys()[i], values.get(shape.columns()[i]));
    }
    sink.user(line, PersonRow.of(userId, raw));
  }

  /** The shape of {@code names}: the last user's when the same (the parser interns field names). */
  private Shape shapeOf(List<String> names) {
    if (lastShape == null || !lastNames.equals(names)) {
      lastNames = List.copyOf(names);
      lastShape = shapes.computeIfAbsent(lastNames, Shape::of);
    }
    return lastShape;
  }

  private static dev.matchlist.server.graph.GraphException bad(int line, String problem) {
    return GraphError.invalidParameter("users, line " + line + ": " + problem).exception();
  }

  /** Rejected cells of one load, counted per key, with the first lines (never the values). */
  static final class Rejections {
    static final int LINES_KEPT = 100;
    private final Map<SchemaKey, Rejected> byKey = new LinkedHashMap<>();

    void add(SchemaKey key, int line, String reason) {
      Rejected rejected = byKey.computeIfAbsent(key, k -> new Rejected());
      rejected.count++;
      if (rejected.lines.size() < LINES_KEPT) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("line", line);
        entry.put("reason", reason);
        rejected.lines.add(entry);
      }
    }

    Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      byKey.forEach(
          (key, rejected) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("count", rejected.count);
            entry.put("lines", rejected.lines);
            json.put(key.name(), entry);
          });
      return json;
    }

    private static final class Rejected {
      long count;
      final List<Map<String, Object>> lines = new ArrayList<>();
    }
  }
}
