package dev.matchlist.cli.identities;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.matchlist.core.columns.ColumnMapping;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The users of a file, one at a time, each as the JSON object the admin API takes: {@code user_id}
 * plus identifier fields named as {@code matchlist hash} reads headers ({@link ColumnMapping}).
 *
 * <p>CSV: the header row names the columns; the user id column is {@code --user-id-column} or the
 * first of {@code user_id}, {@code userid}, {@code uid}, {@code id} (ignoring case, spaces, dashes,
 * underscores). Only columns that feed a key are sent: other columns never leave the machine.
 * NDJSON: one object a line, sent as written; blank lines are skipped.
 */
abstract class UserFile implements Closeable {
  static final List<String> USER_ID_HEADERS = List.of("userid", "uid", "id");

  /** One user and the line of the file it starts on. */
  record User(long line, ObjectNode fields) {}

  /** A line that is not a user: the load stops there. */
  static final class BadLine extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadLine(long line, String problem) {
      super("line " + line + ": " + problem);
    }
  }

  /** The next user, or empty at the end. */
  abstract Optional<User> next() throws IOException;

  /** Columns (CSV) that are not sent, with why; empty for NDJSON. */
  List<String> ignoredColumns() {
    return List.of();
  }

  static UserFile ndjson(InputStream in, ObjectMapper json) {
    return new Ndjson(in, json);
  }

  /**
   * @throws IllegalArgumentException when the file has no header or no user id column
   */
  static UserFile csv(InputStream in, ObjectMapper json, @Nullable String userIdColumn)
      throws IOException {
    return new Csv(in, json, userIdColumn);
  }

  private static final class Ndjson extends UserFile {
    private final BufferedReader reader;
    private final ObjectMapper json;
    private long line;

    Ndjson(InputStream in, ObjectMapper json) {
      this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      this.json = json;
    }

    @Override
    Optional<User> next() throws IOException {
      String text;
      while ((text = reader.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = json.readTree(text);
        } catch (JsonProcessingException e) {
          throw new BadLine(line, "not JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(node instanceof ObjectNode object)) {
          throw new BadLine(line, "not a JSON object");
        }
        JsonNode userId = object.get("user_id");
        if (userId == null || !userId.isValueNode() || userId.asText().isBlank()) {
          throw new BadLine(line, "no user_id");
        }
        return Optional.of(new User(line, object));
      }
      return Optional.empty();
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  private static final class Csv extends UserFile {
    private final CsvReader<CsvRecord> reader;
    private final CloseableIterator<CsvRecord> rows;
    private final ObjectMapper json;
    private final int userIdColumn;
    private final List<Integer> sentColumns = new ArrayList<>();
    private final List<String> headers;
    private final List<String> ignored = new ArrayList<>();

    Csv(InputStream in, ObjectMapper json, @Nullable String userIdHeader) throws IOException {
      this.json = json;
      this.reader =
          CsvReader.builder()
              .detectBomHeader(true)
              .allowExtraFields(true)
              .allowMissingFields(true)
              .ofCsvRecord(in, StandardCharsets.UTF_8);
      this.rows = reader.iterator();
      if (!rows.hasNext()) {
        reader.close();
        throw new IllegalArgumentException("the file is empty: no header row");
      }
      headers = rows.next().getFields();
      userIdColumn = userIdColumn(headers, userIdHeader);
      List<String> others = new ArrayList<>(headers);
      others.set(userIdColumn, ""); // the user id is no identifier
      ColumnMapping mapping = ColumnMapping.of(others);
      Set<Integer> columns = new LinkedHashSet<>();
      mapping.sources().forEach(source -> columns.add(source.column()));
      sentColumns.addAll(columns);
      for (ColumnMapping.IgnoredColumn column : mapping.ignored()) {
        if (column.column() != userIdColumn) {
          ignored.add(column.header() + " (" + column.reason() + ")");
        }
      }
    }

    private static int userIdColumn(List<String> headers, @Nullable String wanted) {
      for (int i = 0; i < headers.size(); i++) {
        String header = compact(headers.get(i));
        if (wanted != null ? header.equals(compact(wanted)) : USER_ID_HEADERS.contains(header)) {
          return i;
        }
      }
      throw new IllegalArgumentException(
          wanted != null
              ? "no column \"" + wanted + "\" in the header " + headers
              : "no user id column (user_id, uid or id) in the header "
                  + headers
                  + "; name it with --user-id-column");
    }

    private static String compact(String header) {
      return header.replace("\uFEFF", "").toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-.]+", "");
    }

    @Override
    Optional<User> next() {
      while (rows.hasNext()) {
        CsvRecord row = rows.next();
        if (row.getFieldCount() == 1 && row.getField(0).isBlank()) {
          continue; // an empty line
        }
        long line = row.getStartingLineNumber();
        String userId = field(row, userIdColumn).strip();
        if (userId.isEmpty()) {
          throw new BadLine(line, "no user id in column \"" + headers.get(userIdColumn) + "\"");
        }
        ObjectNode user = json.createObjectNode();
        user.put("user_id", userId);
        for (int column : sentColumns) {
          user.put(headers.get(column), field(row, column));
        }
        return Optional.of(new User(line, user));
      }
      return Optional.empty();
    }

    private static String field(CsvRecord row, int column) {
      return column < row.getFieldCount() ? row.getField(column) : "";
    }

    @Override
    List<String> ignoredColumns() {
      return ignored;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
