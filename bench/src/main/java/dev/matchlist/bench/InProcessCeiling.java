package dev.matchlist.bench;

import dev.matchlist.bench.load.KeySet;
import dev.matchlist.bench.load.LoadGenerator;
import dev.matchlist.bench.load.UploadBody;
import dev.matchlist.bench.load.UploadEncoding;
import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.payload.PayloadParser;
import dev.matchlist.core.payload.RowBlock;
import dev.matchlist.core.payload.ValidatedPayload;
import dev.matchlist.server.graph.UploadDecoding;
import dev.matchlist.server.matching.IdentityKind;
import dev.matchlist.server.matching.IdentityLookup;
import dev.matchlist.server.matching.SyntheticPopulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.roaringbitmap.RoaringBitmap;

/**
 * The compute ceiling of an upload, side-by-side's (b): the same request bodies the load generator
 * sends, taken through the same work with no HTTP and no disk — decode the parameters, parse and
 * validate the payload, look each row's person up in the synthetic population's identity index, add
 * the matches to a RoaringBitmap — on every core at once, for a fixed time.
 *
 * <pre>
 * java -Xmx4g -cp bench/target/benchmarks.jar dev.matchlist.bench.InProcessCeiling \
 *     [population] [single|five] [json|form|multipart] [seconds] [threads]
 * </pre>
 *
 * <p>Prints one JSON object: {@code {"threads":2,"rows":…,"seconds":…,"rows_per_second":…}}. Rows
 * are looked up as the matcher does for these schemas: email first, then phone, then the
 * first-name/last-name/ZIP combination.
 */
public final class InProcessCeiling {
  private static final int ROWS = 10_000;

  private InProcessCeiling() {}

  public static void main(String[] args) throws Exception {
    int population = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    KeySet keys = KeySet.valueOf((args.length > 1 ? args[1] : "single").toUpperCase(Locale.ROOT));
    UploadEncoding encoding =
        UploadEncoding.valueOf((args.length > 2 ? args[2] : "json").toUpperCase(Locale.ROOT));
    double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 10;
    int threads =
        args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();

    System.err.printf("building a population of %,d people…%n", population);
    SyntheticPopulation people = SyntheticPopulation.generate(population, 1L);
    List<UploadBody> bodies = new ArrayList<>();
    for (byte[] payload : keys.loadPayloads(population, ROWS, LoadGenerator.BODY_BUDGET_BYTES)) {
      bodies.add(encoding.encode("EAABceiling", payload)); // the bodies the load generator sends
    }
    // Warm-up on one thread so every thread measures compiled code.
    long warmupEnd = System.nanoTime() + 2_000_000_000L;
    for (int i = 0; System.nanoTime() < warmupEnd; i++) {
      work(bodies.get(i % bodies.size()), people, new PayloadParser(), new RoaringBitmap());
    }

    AtomicLong rows = new AtomicLong();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    PayloadParser parser = new PayloadParser();
                    RoaringBitmap audience = new RoaringBitmap();
                    long done = 0;
                    for (int i = first; System.nanoTime() < end; i++) {
                      done += work(bodies.get(i % bodies.size()), people, parser, audience);
                    }
                    rows.addAndGet(done);
                  }));
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "{\"threads\":%d,\"population\":%d,\"keys\":\"%s\",\"encoding\":\"%s\",\"rows\":%d,"
            + "\"seconds\":%.3f,\"rows_per_second\":%.0f}%n",
        threads,
        population,
        keys.optionName(),
        encoding.optionName(),
        rows.get(),
        elapsed,
        rows.get() / elapsed);
  }

  /** One request's work; returns its rows. */
  private static int work(
      UploadBody body, IdentityLookup people, PayloadParser parser, RoaringBitmap audience) {
    ValidatedPayload payload;
    try {
      payload = UploadDecoding.payload(body.bytes(), body.contentType(), parser);
    } catch (Exception e) {
      throw new IllegalStateException("a bench body did not validate", e);
    }
    RowBlock rows = payload.rows();
    int email = rows.columnOf(SchemaKey.EMAIL);
    int phone = rows.columnOf(SchemaKey.PHONE);
    int[] names = {
      rows.columnOf(SchemaKey.FN), rows.columnOf(SchemaKey.LN), rows.columnOf(SchemaKey.ZIP)
    };
    byte[] buffer = new byte[3 * RowBlock.IDENTIFIER_BYTES];
    for (int r = 0; r < rows.size(); r++) {
      int person = lookUp(people, rows, IdentityKind.EMAIL, email, r, buffer);
      if (person == IdentityLookup.NO_PERSON) {
        person = lookUp(people, rows, IdentityKind.PHONE, phone, r, buffer);
      }
      if (person == IdentityLookup.NO_PERSON && names[0] >= 0 && names[1] >= 0 && names[2] >= 0) {
        for (int i = 0; i < 3; i++) {
          rows.copyIdentifier(names[i], r, buffer, i * RowBlock.IDENTIFIER_BYTES);
        }
        person =
            people.personOf(
                IdentityKind.FN_LN_ZIP, IdentityKind.FN_LN_ZIP.compositeIdentifier(buffer), 0);
      }
      if (person != IdentityLookup.NO_PERSON) {
        audience.add(person);
      }
    }
    return payload.rowsReceived();
  }

  private static int lookUp(
      IdentityLookup people, RowBlock rows, IdentityKind kind, int column, int row, byte[] buffer) {
    if (column < 0 || !rows.isPresent(column, row)) {
      return IdentityLookup.NO_PERSON;
    }
    rows.copyIdentifier(column, row, buffer, 0);
    return people.personOf(kind, buffer, 0);
  }
}
