package dev.matchlist.cli.demo;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.matchlist.server.matching.SyntheticPopulation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The demo's customer file: raw (unhashed, partly unnormalized) emails of {@link #MEMBERS} people
 * of the synthetic population and {@link #STRANGERS} addresses that belong to nobody, so that the
 * hashed upload visibly matches 90%.
 *
 * <p>Members are spread evenly over the population; every tenth email is written in mixed case with
 * surrounding spaces, which {@code matchlist hash} normalizes away.
 */
public final class DemoCustomers {
  public static final int MEMBERS = 900;
  public static final int STRANGERS = 100;

  private DemoCustomers() {}

  /** Writes the file (header {@code email}); {@code populationSize} must be at least MEMBERS. */
  public static void write(Path file, int populationSize) throws IOException {
    if (populationSize < MEMBERS) {
      throw new IllegalArgumentException("the population must have at least " + MEMBERS);
    }
    try (CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(file)) {
      csv.writeRecord("email");
      for (int i = 0; i < MEMBERS + STRANGERS; i++) {
        String email =
            i < MEMBERS ? SyntheticPopulation.email(member(i, populationSize)) : stranger(i);
        csv.writeRecord(i % 10 == 0 ? unnormalized(email) : email);
      }
    }
  }

  /** The i-th member's person number: spread evenly from 0 over the population. */
  static int member(int i, int populationSize) {
    return (int) ((long) i * populationSize / MEMBERS);
  }

  /** An address outside the population ({@code example.net}, not {@code example.com}). */
  static String stranger(int i) {
    return "stranger" + i + "@example.net";
  }

  private static String unnormalized(String email) {
    return "  " + email.substring(0, 1).toUpperCase(Locale.ROOT) + email.substring(1) + " ";
  }
}
