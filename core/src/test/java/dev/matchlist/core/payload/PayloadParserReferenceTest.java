package dev.matchlist.core.payload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.core.SchemaKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random payloads, judged by the streaming parser and by {@link ReferencePayloadValidator};
 * the two must agree. A disagreement is written to target/payload-reference-failures/ to become a
 * fixture.
 */
class PayloadParserReferenceTest {
  private static final String[] WIRE_NAMES = {
    "EMAIL",
    "EMAIL_SHA256",
    "PHONE",
    "FN",
    "LN",
    "ZIP",
    "CT",
    "COUNTRY",
    "DOBY",
    "EXTERN_ID",
    "MADID",
    "APPUID",
    "LOOKALIKE_VALUE",
    "DATA_PROCESSING_OPTIONS",
    "DATA_PROCESSING_OPTIONS_COUNTRY",
    "DATA_PROCESSING_OPTIONS_STATE"
  };

  private final PayloadParser parser = new PayloadParser();

  @Test
  void streamingParserAgreesWithTheTreeReferenceOnRandomPayloads() throws IOException {
    for (long seed = 1; seed <= 3000; seed++) {
      String json = randomPayload(new Random(seed));
      String expected = ReferencePayloadValidator.outcome(json);
      String actual = ReferencePayloadValidator.outcomeOf(parser, json);
      if (!expected.equals(actual)) {
        Path dir = Path.of("target", "payload-reference-failures");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("seed-" + seed + ".json"), json);
      }
      assertThat(actual).as("seed %d, payload %s", seed, json).isEqualTo(expected);
    }
  }

  @Test
  void randomPayloadsAreMostlyAcceptedWithSomeBadRows() {
    int accepted = 0;
    int withBadRows = 0;
    for (long seed = 1; seed <= 300; seed++) {
      String outcome = ReferencePayloadValidator.outcome(randomPayload(new Random(seed)));
      if (!outcome.startsWith("error")) {
        accepted++;
        withBadRows += outcome.contains("\nbad ") ? 1 : 0;
      }
    }
    // Guards the generator itself: a comparison of only errors, or only clean rows, proves little.
    assertThat(accepted).isBetween(150, 295);
    assertThat(withBadRows).isGreaterThan(50);
  }

  static String randomPayload(Random random) {
    List<String> names = new ArrayList<>();
    int keys = 1 + random.nextInt(4);
    while (names.size() < keys) {
      String name = WIRE_NAMES[random.nextInt(WIRE_NAMES.length)];
      if (random.nextInt(200) == 0) {
        name = "BOGUS"; // an occasional unknown key
      }
      if (!names.contains(name) || random.nextInt(100) == 0) {
        names.add(name);
      }
    }
    boolean singleString = keys == 1 && random.nextBoolean();
    String schema =
        singleString
            ? quote(names.get(0))
            : "["
                + String.join(",", names.stream().map(PayloadParserReferenceTest::quote).toList())
                + "]";
    StringBuilder data = new StringBuilder("[");
    int rows = random.nextInt(40) + (random.nextInt(50) == 0 ? 0 : 1);
    for (int r = 0; r < rows; r++) {
      data.append(r == 0 ? "" : ",");
      int width = random.nextInt(60) == 0 ? keys + 1 : keys;
      boolean bare = width == 1 && random.nextBoolean();
      if (!bare) {
        data.append('[');
      }
      for (int c = 0; c < width; c++) {
        String name = c < names.size() ? names.get(c) : "EMAIL";
        data.append(c == 0 ? "" : ",").append(randomCell(random, name));
      }
      if (!bare) {
        data.append(']');
      }
    }
    data.append(']');
    List<String> fields = new ArrayList<>();
    fields.add("\"schema\":" + schema);
    fields.add("\"data\":" + data);
    if (random.nextInt(4) == 0) {
      fields.add("\"is_raw\":true");
    }
    if (random.nextInt(4) == 0) {
      fields.add("\"metadata\":{\"schema_version\":[1,{\"a\":null}]}");
    }
    if (random.nextInt(4) == 0) {
      java.util.Collections.shuffle(fields, random); // data before schema, sometimes
    }
    return "{" + String.join(",", fields) + "}";
  }

  private static String randomCell(Random random, String wireName) {
    SchemaKey key = SchemaKey.fromWireName(wireName).orElse(SchemaKey.EMAIL);
    int pick = random.nextInt(20);
    if (pick == 0) {
      return "\"\"";
    }
    if (pick == 1) {
      return "null";
    }
    if (pick == 2) {
      return random.nextBoolean() ? "{\"x\":[1]}" : "true";
    }
    switch (key.cellKind()) {
      case HASH:
        return switch (pick) {
          case 3 -> quote(hex(random, 63));
          case 4 -> quote("mary" + random.nextInt(9) + "@example.com");
          case 5 -> Integer.toString(random.nextInt(1000));
          case 6 -> quote(hex(random, 62) + "zz");
          case 7 -> quote("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
          case 8 -> "[" + quote(hex(random, 64)) + "]";
          case 9 -> quote(hex(random, 64).toUpperCase(Locale.ROOT));
          default -> quote(hex(random, 64));
        };
      case CLEAR_ID:
        return switch (pick) {
          case 3 -> quote("  ");
          case 4 -> Integer.toString(random.nextInt(100000));
          case 5 -> "1.5";
          default -> quote("id-" + random.nextInt(100000));
        };
      case NUMBER:
        return switch (pick) {
          case 3 -> "-" + (1 + random.nextInt(9));
          case 4 -> quote("x" + random.nextInt(9));
          case 5 -> quote(Double.toString(random.nextInt(4000) / 4.0));
          case 6 -> quote("-0.5");
          default ->
              random.nextBoolean()
                  ? Integer.toString(random.nextInt(1000))
                  : Double.toString(random.nextInt(4000) / 4.0);
        };
      case INTEGER:
        return switch (pick) {
          case 3 -> "2";
          case 4 -> quote("1000");
          case 5 -> "1.0";
          case 6 -> "99999999999";
          case 7 -> quote("0007");
          default ->
              key == SchemaKey.DATA_PROCESSING_OPTIONS_COUNTRY
                  ? Integer.toString(random.nextInt(2))
                  : (random.nextBoolean() ? "0" : Integer.toString(1000 + random.nextInt(14)));
        };
      default:
        return switch (pick) {
          case 3 -> quote("LDU");
          case 4 -> "[\"LDU\",\"XYZ\"]";
          case 5 -> "[[\"LDU\"]]";
          case 6 -> "[]";
          default -> "[\"LDU\"]";
        };
    }
  }

  private static String hex(Random random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append("0123456789abcdef".charAt(random.nextInt(16)));
    }
    return out.toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
