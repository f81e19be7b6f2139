package dev.matchlist.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every input in {@code testdata/fixtures/normalize/}: yesterday's random failure is
 * today's fixture. A file is named {@code <property>-<anything>.txt} and holds one input per line,
 * its strings escaped and TAB-separated ({@code #} lines are comments).
 */
class FixtureReplayTest {
  static final Supplier<Path> DIR = () -> TestData.dir().resolve("fixtures").resolve("normalize");

  @TestFactory
  Stream<DynamicTest> everyFixtureStillHoldsItsProperty() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(DIR.get())) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
    }
    assertThat(files).as("fixtures in %s", DIR.get()).isNotEmpty();
    return files.stream().flatMap(FixtureReplayTest::testsOf);
  }

  private static Stream<DynamicTest> testsOf(Path file) {
    String name = file.getFileName().toString();
    String property = name.substring(0, name.indexOf('-') < 0 ? name.length() : name.indexOf('-'));
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return lines.stream()
        .filter(line -> !line.startsWith("#"))
        .map(
            line ->
                DynamicTest.dynamicTest(
                    name + ": " + line,
                    () -> {
                      String[] input = TestData.unescapeFields(line);
                      switch (property) {
                        case NormalizerProperties.IDEMPOTENT ->
                            NormalizerProperties.idempotent(input[0]);
                        case NormalizerProperties.HEX_PASSES ->
                            NormalizerProperties.hexPassesThrough(input[0]);
                        case NormalizerProperties.NO_THROW ->
                            NormalizerProperties.neverThrows(input[0], input[1]);
                        default -> throw new AssertionError("unknown property in " + name);
                      }
                    }));
  }
}
