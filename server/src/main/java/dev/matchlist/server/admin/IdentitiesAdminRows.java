package dev.matchlist.server.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.columns.ColumnMapping;
import dev.matchlist.core.normalize.Normalizer;
import dev.matchlist.server.graph.GraphError;
import dev.matchlist.server.graph.GraphJson;
import dev.matchlist.server.graph.ParamValue;
import dev.matchlist.server.matching.PersonRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
    void user(ReadUser user);

    void ignoredField(String name);
  }

  /**
   * One user as read, with its line (see {@link Sink#user}): its raw values by key, as arrays
   * rather than a map per user.
   *
   * @param keys the keys of {@code values}, in ordinal order (shared by the users of a shape)
   */
  record ReadUser(int line, String userId, SchemaKey[] keys, String[] values) {
    PersonRow.Identifiers identifiers(Normalizer normalizer) {
      return PersonRow.identifiers(normalizer, keys, values);
    }
  }

  /**
   * The users of one request in line order, with the fields that name no key counted; at most
   * {@link IdentitiesAdmin#MAX_USERS_PER_REQUEST} distinct user ids.
   */
  static final class ReadUsers implements Sink {
    private final List<ReadUser> users = new ArrayList<>();
    private final Map<String, Long> ignoredFields = new TreeMap<>();
    // The distinct user ids, made only once there are more users than the limit: up to it,
    // there cannot be too many distinct ones (a set of every user id costs a hash insert each).
    private @Nullable Set<String> userIds;

    @Override
    public void user(ReadUser user) {
      users.add(user);
      if (users.size() <= IdentitiesAdmin.MAX_USERS_PER_REQUEST) {
        return;
      }
      Set<String> ids = userIds;
      if (ids == null) {
        ids = HashSet.newHashSet(users.size());
        for (ReadUser read : users) {
          ids.add(read.userId());
        }
        userIds = ids;
      } else {
        ids.add(user.userId());
      }
      if (ids.size() > IdentitiesAdmin.MAX_USERS_PER_REQUEST) {
        throw GraphError.tooManyParameters(
                "More than "
                    + IdentitiesAdmin.MAX_USERS_PER_REQUEST
                    + " users in one request (line "
                    + user.line()
                    + "); send the file in several requests")
            .exception();
      }
    }

    @Override
    public void ignoredField(String name) {
      ignoredFields.merge(name, 1L, Long::sum);
    }

    List<ReadUser> users() {
      return users;
    }

    Map<String, Long> ignoredFields() {
      return ignoredFields;
    }
  }

  /**
   * A field-name list's mapping, as arrays for the per-user loop: its keys in ordinal order, and
   * the field each one's value is in.
   */
  private record Shape(List<String> names, ColumnMapping mapping, SchemaKey[] keys, int[] columns) {
    static Shape of(List<String> names) {
      ColumnMapping mapping = ColumnMapping.of(names);
      SchemaKey[] keys = mapping.schema().stream().sorted().toArray(SchemaKey[]::new);
      int[] columns = Arrays.stream(keys).mapToInt(key -> mapping.source(key).column()).toArray();
      return new Shape(names, mapping, keys, columns);
    }

    /**
     * Whether the first {@code count} of {@code others} are these names, compared by reference
     * first (the parser interns field names).
     */
    boolean hasNames(String[] others, int count) {
      if (count != names.size()) {
        return false;
      }
      for (int i = 0; i < count; i++) {
        String name = names.get(i);
        String other = others[i];
        if (name != other && !name.equals(other)) {
          return false;
        }
      }
      return true;
    }
  }

  // The shape of each distinct field-name list: files have one or a few, mostly the last one's.
  private final Map<List<String>, Shape> shapes = new HashMap<>();
  private @Nullable Shape lastShape;

  // One user's fields (the first of each array), reused from user to user.
  private String[] names = new String[8];
  private String[] values = new String[8];

  /**
   * Reads every user of {@code users}, NDJSON or a JSON array, whichever way it was sent.
   *
   * @throws dev.matchlist.server.graph.GraphException 100 naming the line of the first bad object
   */
  static ReadUsers read(ParamValue users) {
    ReadUsers read = new ReadUsers();
    new IdentitiesAdminRows().read(users, read);
    return read;
  }

  private void read(ParamValue users, Sink sink) {
    try (JsonParser parser = users.jsonParser(GraphJson.FACTORY)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_ARRAY) {
        readLines(parser, first, sink);
      } else if (readArray(parser, sink) != JsonToken.END_ARRAY || parser.nextToken() != null) {
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

  /**
   * A JSON body's nested {@code users}, read as the body is decoded (a {@link
   * dev.matchlist.server.graph.NestedJsonReader}): an array is read once, here, instead of skipped
   * by the decoder and parsed again by the handler; a nested object is left to {@link #read}, which
   * numbers its lines within the value.
   *
   * @return the users read, or null for a nested object
   * @throws IOException malformed JSON, which the decoder refuses as it would have when skipping it
   */
  static @Nullable ReadUsers readNested(JsonParser parser, int sizeHint) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      return null;
    }
    ReadUsers users = new ReadUsers();
    new IdentitiesAdminRows().readArray(parser, users);
    return users;
  }

  /** NDJSON from its first token on: the users' lines are the lines of their first brace. */
  private void readLines(JsonParser parser, @Nullable JsonToken first, Sink sink)
      throws IOException {
    for (JsonToken token = first; token != null; token = parser.nextToken()) {
      readUser(parser, token, parser.currentTokenLocation().getLineNr(), sink);
    }
  }

  /**
   * The elements of the array whose {@code START_ARRAY} is the parser's current token, numbered
   * from 1; returns the token it stopped on, {@code END_ARRAY} (or null when the input ended).
   */
  private @Nullable JsonToken readArray(JsonParser parser, Sink sink) throws IOException {
    int position = 0;
    JsonToken token;
    while ((token = parser.nextToken()) != null && token != JsonToken.END_ARRAY) {
      readUser(parser, token, ++position, sink);
    }
    return token;
  }

  private void readUser(JsonParser parser, JsonToken first, int line, Sink sink)
      throws IOException {
    if (first != JsonToken.START_OBJECT) {
      throw bad(line, "not a JSON object; send one {\"user_id\": ..., ...} per line");
    }
    readFields(parser, line, sink);
  }

  private void readFields(JsonParser parser, int line, Sink sink) throws IOException {
    String userId = null;
    int fields = 0;
    String name;
    // nextFieldName and nextTextValue: the parser's short cuts for the usual field and string
    while ((name = parser.nextFieldName()) != null) {
      String text = parser.nextTextValue();
      if (text == null) {
        JsonToken value = parser.currentToken();
        if (value == JsonToken.VALUE_NULL) {
          continue;
        }
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          throw bad(line, "field '" + name + "' must be a string or a number");
        }
        text = parser.getText();
      }
      if (name.equals(USER_ID)) {
        userId = text.strip();
      } else {
        if (fields == names.length) {
          names = Arrays.copyOf(names, fields * 2);
          values = Arrays.copyOf(values, fields * 2);
        }
        names[fields] = name;
        values[fields++] = text;
      }
    }
    if (userId == null || userId.isEmpty()) {
      throw bad(line, "no user_id (the operator's own id of the user)");
    }
    Shape shape = shapeOf(fields);
    for (ColumnMapping.IgnoredColumn ignored : shape.mapping().ignored()) {
      sink.ignoredField(ignored.header());
    }
    int[] columns = shape.columns();
    String[] raw = new String[columns.length];
    for (int i = 0; i < columns.length; i++) {
      raw[i] = values[columns[i]];
    }
    sink.user(new ReadUser(line, userId, shape.keys(), raw));
  }

  /** The shape of the first {@code fields} names: the last user's when the same. */
  private Shape shapeOf(int fields) {
    if (lastShape == null || !lastShape.hasNames(names, fields)) {
      lastShape = shapes.computeIfAbsent(List.of(Arrays.copyOf(names, fields)), Shape::of);
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
