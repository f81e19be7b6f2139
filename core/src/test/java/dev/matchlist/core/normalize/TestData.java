package dev.matchlist.core.normalize;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's {@code testdata/} folder is, and how its text fields are escaped. */
final class TestData {
  private TestData() {}

  /** Set by surefire ({@code matchlist.testdata}); {@code ../testdata} when run from an IDE. */
  static Path dir() {
    String configured = System.getProperty("matchlist.testdata");
    Path dir = configured != null ? Path.of(configured) : Path.of("..", "testdata");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("testdata folder not found: " + dir.toAbsolutePath());
    }
    return dir;
  }

  /** Decodes {@code \t \n \r \\ \\uXXXX} (any UTF-16 unit, lone surrogates included). */
  static String unescape(String field) {
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c != '\\' || i + 1 == field.length()) {
        out.append(c);
        continue;
      }
      char next = field.charAt(++i);
      switch (next) {
        case 't' -> out.append('\t');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case '\\' -> out.append('\\');
        case 'u' -> {
          out.append((char) Integer.parseInt(field.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> throw new IllegalArgumentException("unknown escape \\" + next + " in " + field);
      }
    }
    return out.toString();
  }

  /** Fields of one fixture line: each escaped (so none holds a TAB), joined by TABs. */
  static String escapeFields(String... fields) {
    StringBuilder line = new StringBuilder();
    for (String field : fields) {
      line.append(line.isEmpty() ? "" : "\t").append(escape(field));
    }
    return line.toString();
  }

  /** The inverse of {@link #escapeFields}. */
  static String[] unescapeFields(String line) {
    String[] fields = line.split("\t", -1);
    for (int i = 0; i < fields.length; i++) {
      fields[i] = unescape(fields[i]);
    }
    return fields;
  }

  /**
   * The inverse of {@link #unescape}: every char outside printable ASCII becomes {@code \\uXXXX}.
   */
  static String escape(String raw) {
    StringBuilder out = new StringBuilder(raw.length() + 16);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\') {
        out.append("\\\\");
      } else if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }
}
