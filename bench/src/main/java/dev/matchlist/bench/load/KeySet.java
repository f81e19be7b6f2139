package dev.matchlist.bench.load;

import dev.matchlist.core.Sha256;
import dev.matchlist.server.matching.SyntheticPopulation;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Which identifiers each uploaded row carries, hashed from the synthetic population's people (seed
 * 1, as the server generates it) so that every row matches the person it names.
 */
public enum KeySet {
  /** {@code "schema":"EMAIL_SHA256"} with a flat list of hashes, as Meta's single-key example. */
  SINGLE,
  /** {@code ["EMAIL","PHONE","FN","LN","ZIP"]}, one array a row. */
  FIVE;

  // The population's names depend only on the seed; an empty population answers them.
  private static final SyntheticPopulation NAMES = SyntheticPopulation.generate(0, 1L);

  /** The option's spelling, lower case. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * A payload of {@code rows} rows naming people {@code first, first+1, …}, wrapping at {@code
   * modulus} (so a small population still fills a 10k-row batch), as compact UTF-8 JSON.
   */
  public byte[] payload(int first, int rows, int modulus) {
    StringBuilder json = new StringBuilder(rows * (this == SINGLE ? 67 : 340) + 80);
    json.append(
        this == SINGLE
            ? "{\"schema\":\"EMAIL_SHA256\",\"data\":["
            : "{\"schema\":[\"EMAIL\",\"PHONE\",\"FN\",\"LN\",\"ZIP\"],\"data\":[");
    for (int r = 0; r < rows; r++) {
      int person = (int) (((long) first + r) % modulus);
      json.append(r == 0 ? "" : ",");
      if (this == SINGLE) {
        hash(json, SyntheticPopulation.email(person));
      } else {
        json.append('[');
        hash(json, SyntheticPopulation.email(person));
        json.append(',');
        if (person < SyntheticPopulation.PHONE_LIMIT) {
          hash(json, SyntheticPopulation.phone(person));
        } else {
          json.append("\"\"");
        }
        json.append(',');
        hash(json, NAMES.firstName(person));
        json.append(',');
        hash(json, NAMES.lastName(person));
        json.append(',');
        hash(json, SyntheticPopulation.zip(person));
        json.append(']');
      }
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void hash(StringBuilder json, String normalized) {
    json.append('"').append(Sha256.hex(normalized)).append('"');
  }
}
