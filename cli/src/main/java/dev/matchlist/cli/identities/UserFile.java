package dev.matchlist.cli.identities;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.matchlist.client.CustomerText;
import dev.matchlist.core.columns.ColumnMapping;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
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
  interface User {
    long line();

    /** Writes the user as the admin API's JSON object: {@code user_id} and identifier fields. */
    void writeTo(JsonGenerator json) throws IOException;
  }

  /** A user of an NDJSON file: its object, as written. */
  private record JsonUser(long line, ObjectNode fields) implements User {
    @Override
    public void writeTo(JsonGenerator json) throws IOException {
      json.writeTree(fields);
    }
  }

  /**
   * A user of a CSV file: the sent columns' cells, named by {@code names} (user id first). No JSON
   * tree is built per row: the cells go straight to the request body, after names encoded once.
   */
  private record CsvUser(long line, SerializableString[] names, String[] values) implements User {
    @Override
    public void writeTo(JsonGenerator json) throws IOException {
      json.writeStartObject();
      for (int i = 0; i < names.length; i++) {
        json.writeFieldName(names[i]);
        json.writeString(values[i]);
      }
      json.writeEndObject();
    }
  }

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

  static UserFile ndjson(InputStream in, ObjectMapper json) throws IOException {
    return new Ndjson(in, json);
  }

  /**
   * @throws IllegalArgumentException when the file has no header or no user id column
   */
  static UserFile csv(InputStream in, @Nullable String userIdColumn) throws IOException {
    return new Csv(in, userIdColumn);
  }

  private static final class Ndjson extends UserFile {
    private final BufferedReader reader;
    private final ObjectMapper json;
    private long line;

    Ndjson(InputStream in, ObjectMapper json) throws IOException {
      this.reader = new BufferedReader(CustomerText.open(in));
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
        return Optional.of(new JsonUser(line, object));
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
    private final int userIdColumn;
    private final int[] sentColumns;
    private final SerializableString[] sentNames;
    private final List<String> headers;
    private final List<String> ignored = new ArrayList<>();

    Csv(InputStream in, @Nullable String userIdHeader) throws IOException {
      this.reader =
          CsvReader.builder()
              .allowExtraFields(true)
              .allowMissingFields(true)
              .ofCsvRecord(CustomerText.open(in));
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
      sentColumns = columns.stream().mapToInt(Integer::intValue).toArray();
      sentNames = new SerializableString[1 + sentColumns.length];
      sentNames[0] = new SerializedString("user_id");
      for (int i = 0; i < sentColumns.length; i++) {
        sentNames[1 + i] = new SerializedString(headers.get(sentColumns[i]));
      }
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
        String[] values = new String[sentNames.length];
        values[0] = userId;
        for (int i = 0; i < sentColumns.length; i++) {
          values[1 + i] = field(row, sentColumns[i]);
        }
        return Optional.of(new CsvUser(line, sentNames, values));
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
