package dev.matchlist.bench.load;

import dev.matchlist.core.Sha256;
import dev.matchlist.server.matching.SyntheticPopulation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntUnaryOperator;

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
    return payload(rows, r -> (int) (((long) first + r) % modulus));
  }

  /**
   * The payloads a load sends over and over: {@code rows}-row batches naming people spread over the
   * whole {@code population}, as many batches as cover it or fit in {@code budgetBytes}. Row i of
   * the sequence names person i × stride mod population (stride coprime to it: a permutation), so a
   * batch's people are scattered as a real customer list's are, and look-ups reach across the whole
   * identity base rather than the same few thousand slots the processor's caches already hold.
   */
  public List<byte[]> loadPayloads(int population, int rows, long budgetBytes) {
    long stride = strideFor(population);
    List<byte[]> payloads = new ArrayList<>();
    long bytes = 0;
    for (long first = 0; first < population && bytes < budgetBytes; first += rows) {
      long from = first;
      byte[] payload = payload(rows, r -> (int) ((from + r) % population * stride % population));
      payloads.add(payload);
      bytes += payload.length;
    }
    return payloads;
  }

  /** About 0.618 of {@code population} and coprime to it, so i × stride mod population permutes. */
  static long strideFor(int population) {
    long stride = Math.max(1, (long) (population * 0.6180339887) | 1);
    while (gcd(stride, population) != 1) {
      stride += 2;
    }
    return stride;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  private byte[] payload(int rows, IntUnaryOperator personOfRow) {
    StringBuilder json = new StringBuilder(rows * (this == SINGLE ? 67 : 340) + 80);
    json.append(
        this == SINGLE
            ? "{\"schema\":\"EMAIL_SHA256\",\"data\":["
            : "{\"schema\":[\"EMAIL\",\"PHONE\",\"FN\",\"LN\",\"ZIP\"],\"data\":[");
    for (int r = 0; r < rows; r++) {
      int person = personOfRow.applyAsInt(r);
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
