package dev.matchlist.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCustomersTest {
  private static final Pattern MEMBER = Pattern.compile("user(\\d+)@example\\.com");

  @TempDir Path dir;

  @Test
  void theFileHoldsNineHundredDistinctPopulationEmailsAndAHundredOthers() throws Exception {
    Path file = dir.resolve("customers.csv");
    int population = 5_000;

    DemoCustomers.write(file, population);

    List<String> lines = Files.readAllLines(file);
    assertThat(lines.getFirst()).isEqualTo("email");
    List<String> emails =
        lines.subList(1, lines.size()).stream()
            .map(e -> e.strip().toLowerCase(Locale.ROOT))
            .toList();
    List<Integer> members =
        emails.stream()
            .map(MEMBER::matcher)
            .filter(Matcher::matches)
            .map(m -> Integer.parseInt(m.group(1)))
            .toList();
    assertThat(emails).hasSize(1_000).doesNotHaveDuplicates();
    assertThat(members).hasSize(900).allMatch(person -> person < population);
  }

  @Test
  void someEmailsNeedNormalizingBeforeTheyMatch() throws Exception {
    Path file = dir.resolve("customers.csv");

    DemoCustomers.write(file, 1_000);

    assertThat(Files.readAllLines(file)).anyMatch(line -> !line.equals(line.strip()));
  }
}
