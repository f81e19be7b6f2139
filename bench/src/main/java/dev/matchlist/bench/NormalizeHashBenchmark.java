package dev.matchlist.bench;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.Sha256;
import dev.matchlist.core.normalize.Normalized;
import dev.matchlist.core.normalize.Normalizer;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Normalize + SHA-256 ({@link Normalizer#toWire}) of one cell per operation, so ops/s = rows/s for
 * a one-column file. Each benchmark cycles through 4,096 realistic values of its key (mixed case,
 * stray blanks, the formats people export from CRMs). Target: email ≥ 3 M rows/s per core.
 *
 * <pre>
 * ./mvnw -q -B -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar NormalizeHash -f 1 -wi 2 -i 3 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class NormalizeHashBenchmark {
  private static final int SIZE = 4096;
  private static final String[] FIRST = {
    "Mary", "John", "Éloïse", "Jürgen", "Ana-María", "Nguyễn", "Olivia", "Liam", "Sofía", "Noah"
  };
  private static final String[] LAST = {
    "Smith", "O'Neil", "Müller", "García", "van der Berg", "Johnson", "Nguyễn", "Brown", "Lee"
  };
  private static final String[] CITY = {
    "New York", "Los Angeles", "São Paulo", "München", "St. Louis", "Chicago", "Zürich"
  };
  private static final String[] STATE = {"CA", "California", "NY", "new york", "Texas", "tx"};
  private static final String[] COUNTRY = {"US", "us", "USA", "United States", "DE", "Germany"};
  private static final String[] GENDER = {"F", "m", "Male", "female", "Woman", "M "};
  private static final String[] MONTH = {"05", "5", "March", "sept", "12", "Jan"};

  private final Normalizer normalizer = Normalizer.standard();
  private final String[] emails = new String[SIZE];
  private final String[] e164Phones = new String[SIZE];
  private final String[] nationalPhones = new String[SIZE];
  private final String[] internationalPhones = new String[SIZE];
  private final String[] firstNames = new String[SIZE];
  private final String[] lastNames = new String[SIZE];
  private final String[] zips = new String[SIZE];
  private final String[] cities = new String[SIZE];
  private final String[] states = new String[SIZE];
  private final String[] countries = new String[SIZE];
  private final String[] dates = new String[SIZE];
  private final String[] genders = new String[SIZE];
  private final String[] months = new String[SIZE];
  private final String[] madids = new String[SIZE];
  private final String[] externIds = new String[SIZE];
  private final String[] values = new String[SIZE];
  private int i;

  @Setup(Level.Trial)
  public void createRows() {
    Random random = new Random(42);
    for (int n = 0; n < SIZE; n++) {
      String first = FIRST[random.nextInt(FIRST.length)];
      String last = LAST[random.nextInt(LAST.length)];
      String local = (first + "." + last.replace(" ", "").replace("'", "") + n);
      String email = local + "@" + (random.nextBoolean() ? "gmail.com" : "Example.COM");
      // A third already clean (lowercase, trimmed), as exports from CRMs often are.
      emails[n] =
          switch (n % 3) {
            case 0 -> email.toLowerCase(java.util.Locale.ROOT).replace("é", "e").replace("ü", "u");
            case 1 -> " " + email.replace("é", "e").replace("ü", "u");
            default -> email;
          };
      int line = 1000000 + random.nextInt(8999999);
      String area = Integer.toString(201 + random.nextInt(700));
      String digits7 = Integer.toString(line).substring(0, 7);
      e164Phones[n] = "1" + area + digits7;
      nationalPhones[n] = "(" + area + ") " + digits7.substring(0, 3) + "-" + digits7.substring(3);
      internationalPhones[n] = "+44 20 7946 0" + (100 + random.nextInt(900));
      firstNames[n] = random.nextInt(4) == 0 ? first.toUpperCase(java.util.Locale.ROOT) : first;
      lastNames[n] = last;
      zips[n] =
          random.nextBoolean()
              ? String.format("%05d", random.nextInt(99999))
              : String.format("%05d-%04d", random.nextInt(99999), random.nextInt(9999));
      cities[n] = CITY[random.nextInt(CITY.length)];
      states[n] = STATE[random.nextInt(STATE.length)];
      countries[n] = COUNTRY[random.nextInt(COUNTRY.length)];
      dates[n] =
          String.format(
              "%04d-%02d-%02d",
              1940 + random.nextInt(65), 1 + random.nextInt(12), 1 + random.nextInt(28));
      genders[n] = GENDER[random.nextInt(GENDER.length)];
      months[n] = MONTH[random.nextInt(MONTH.length)];
      // Device ids as phones report them: iOS uppercase, Android lowercase.
      String madid = new UUID(random.nextLong(), random.nextLong()).toString();
      madids[n] = random.nextBoolean() ? madid.toUpperCase(Locale.ROOT) : madid;
      externIds[n] = "CRM-" + (100000 + random.nextInt(900000)) + (random.nextBoolean() ? " " : "");
      values[n] = random.nextInt(1000) + "." + String.format("%02d", random.nextInt(100));
    }
  }

  private int next() {
    return i = (i + 1) & (SIZE - 1);
  }

  /** Baseline: SHA-256 hex of the same emails, without normalizing (the floor of email()). */
  @Benchmark
  public String emailHashOnly() {
    return Sha256.hex(emails[next()]);
  }

  @Benchmark
  public Normalized email() {
    return normalizer.toWire(SchemaKey.EMAIL, emails[next()], null);
  }

  /** 15551234567: digits with country code, no region (the fast path). */
  @Benchmark
  public Normalized phoneE164Digits() {
    return normalizer.toWire(SchemaKey.PHONE, e164Phones[next()], null);
  }

  /** (555) 123-4567 in a row whose COUNTRY is US (libphonenumber). */
  @Benchmark
  public Normalized phoneNationalWithRegion() {
    return normalizer.toWire(SchemaKey.PHONE, nationalPhones[next()], "US");
  }

  /** +44 20 7946 0123, no region (libphonenumber). */
  @Benchmark
  public Normalized phoneInternationalFormatted() {
    return normalizer.toWire(SchemaKey.PHONE, internationalPhones[next()], null);
  }

  @Benchmark
  public Normalized firstName() {
    return normalizer.toWire(SchemaKey.FN, firstNames[next()], null);
  }

  @Benchmark
  public Normalized lastName() {
    return normalizer.toWire(SchemaKey.LN, lastNames[next()], null);
  }

  @Benchmark
  public Normalized zip() {
    return normalizer.toWire(SchemaKey.ZIP, zips[next()], "US");
  }

  @Benchmark
  public Normalized city() {
    return normalizer.toWire(SchemaKey.CT, cities[next()], null);
  }

  @Benchmark
  public Normalized state() {
    return normalizer.toWire(SchemaKey.ST, states[next()], "US");
  }

  @Benchmark
  public Normalized country() {
    return normalizer.toWire(SchemaKey.COUNTRY, countries[next()], null);
  }

  @Benchmark
  public Normalized gender() {
    return normalizer.toWire(SchemaKey.GEN, genders[next()], null);
  }

  /** A month as a number or an English name. */
  @Benchmark
  public Normalized birthMonth() {
    return normalizer.toWire(SchemaKey.DOBM, months[next()], null);
  }

  @Benchmark
  public Normalized firstInitial() {
    return normalizer.toWire(SchemaKey.FI, firstNames[next()], null);
  }

  @Benchmark
  public Normalized firstFiveLetters() {
    return normalizer.toWire(SchemaKey.F5FIRST, firstNames[next()], null);
  }

  /** Clear key: checked and lowercased, never hashed. */
  @Benchmark
  public Normalized madid() {
    return normalizer.toWire(SchemaKey.MADID, madids[next()], null);
  }

  /** Clear key: trimmed, never hashed. */
  @Benchmark
  public Normalized externId() {
    return normalizer.toWire(SchemaKey.EXTERN_ID, externIds[next()], null);
  }

  /** Clear key: a non-negative number in canonical text. */
  @Benchmark
  public Normalized lookalikeValue() {
    return normalizer.toWire(SchemaKey.LOOKALIKE_VALUE, values[next()], null);
  }

  /** The year of a whole date, as a {@code dob} column feeding DOBY. */
  @Benchmark
  public Normalized dateOfBirthYear() {
    return normalizer.toWire(SchemaKey.DOBY, dates[next()], null);
  }
}
