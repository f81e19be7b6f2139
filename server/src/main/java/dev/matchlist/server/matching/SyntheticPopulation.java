package dev.matchlist.server.matching;

import dev.matchlist.core.Sha256;
import java.util.Optional;

/**
 * A made-up identity base for the emulator and the demo: person {@code i} is user {@code user{i}}
 * with email {@code user{i}@example.com}, phone {@code +1 555 i} ({@code 1555} and {@code i} as
 * seven digits, for the first ten million people) and a first name, last name and ZIP whose
 * combination is unique (FN_LN_ZIP). Tests and the demo can therefore upload rows that match known
 * people.
 *
 * <p>Nothing is stored: the population is regenerated at start from its size and seed, straight
 * into an {@link IdentityIndex} (no RocksDB, no per-person records), hashing the already-normalized
 * values (what {@link dev.matchlist.core.normalize.Normalizer#toWire} makes of the raw ones). The
 * seed decides which name pair goes with which block of ZIP codes.
 */
public final class SyntheticPopulation implements PersonDirectory {
  /** People beyond this have no phone (the seven-digit subscriber number runs out). */
  public static final int PHONE_LIMIT = 10_000_000;

  private static final String USER_PREFIX = "user";
  private static final int ZIPS = 100_000;
  private static final String[] FIRST_NAMES = {
    "mary",
    "james",
    "patricia",
    "john",
    "jennifer",
    "robert",
    "linda",
    "michael",
    "elizabeth",
    "william",
    "barbara",
    "david",
    "susan",
    "richard",
    "jessica",
    "joseph",
    "sarah",
    "thomas",
    "karen",
    "charles",
    "nancy",
    "daniel",
    "lisa",
    "matthew",
    "betty",
    "anthony",
    "sandra",
    "mark",
    "ashley",
    "donald",
    "emily",
    "paul"
  };
  private static final String[] LAST_NAMES = {
    "smith",
    "johnson",
    "williams",
    "brown",
    "jones",
    "garcia",
    "miller",
    "davis",
    "rodriguez",
    "martinez",
    "hernandez",
    "lopez",
    "gonzalez",
    "wilson",
    "anderson",
    "taylor",
    "moore",
    "jackson",
    "martin",
    "lee",
    "perez",
    "thompson",
    "white",
    "harris",
    "sanchez",
    "clark",
    "ramirez",
    "lewis",
    "robinson",
    "walker",
    "young",
    "allen"
  };
  private static final int NAME_PAIRS = FIRST_NAMES.length * LAST_NAMES.length;

  /** The most people a population can have with unique name-and-ZIP combinations. */
  public static final int MAX_SIZE = Math.min(IdentityIndex.MAX_PERSON + 1, NAME_PAIRS * ZIPS);

  private final int size;
  private final long seed;
  private final IdentityIndex index;

  private SyntheticPopulation(int size, long seed, IdentityIndex index) {
    this.size = size;
    this.seed = seed;
    this.index = index;
  }

  /** Generates {@code size} people (their index presized, 3 identifiers each). */
  public static SyntheticPopulation generate(int size, long seed) {
    if (size < 0 || size > MAX_SIZE) {
      throw new IllegalArgumentException("population size must be in [0, " + MAX_SIZE + "]");
    }
    long identifiers = 2L * size + Math.min(size, PHONE_LIMIT);
    SyntheticPopulation population =
        new SyntheticPopulation(size, seed, new IdentityIndex(identifiers));
    byte[] names = new byte[3 * IdentityIndex.IDENTIFIER_BYTES];
    for (int person = 0; person < size; person++) {
      population.index.put(IdentityKind.EMAIL, Sha256.digest(email(person)), person);
      if (person < PHONE_LIMIT) {
        population.index.put(IdentityKind.PHONE, Sha256.digest(phone(person)), person);
      }
      copy(Sha256.digest(population.firstName(person)), names, 0);
      copy(Sha256.digest(population.lastName(person)), names, 1);
      copy(Sha256.digest(zip(person)), names, 2);
      population.index.put(
          IdentityKind.FN_LN_ZIP, IdentityKind.FN_LN_ZIP.compositeIdentifier(names), person);
    }
    return population;
  }

  /** Person {@code i}'s user id: {@code user{i}}. */
  public static String userId(int person) {
    return USER_PREFIX + person;
  }

  /** Person {@code i}'s email, normalized: {@code user{i}@example.com}. */
  public static String email(int person) {
    return USER_PREFIX + person + "@example.com";
  }

  /** Person {@code i}'s phone, normalized (E.164 digits): {@code 1555} + seven digits of i. */
  public static String phone(int person) {
    if (person >= PHONE_LIMIT) {
      throw new IllegalArgumentException("people from " + PHONE_LIMIT + " on have no phone");
    }
    return String.format("1555%07d", person);
  }

  /** Person {@code i}'s five-digit ZIP code. */
  public static String zip(int person) {
    return String.format("%05d", person % ZIPS);
  }

  /** Person {@code i}'s first name, normalized (lowercase). */
  public String firstName(int person) {
    return FIRST_NAMES[namePair(person) / LAST_NAMES.length];
  }

  /** Person {@code i}'s last name, normalized (lowercase). */
  public String lastName(int person) {
    return LAST_NAMES[namePair(person) % LAST_NAMES.length];
  }

  public int size() {
    return size;
  }

  public long seed() {
    return seed;
  }

  /** The index the population lives in (for memory accounting and benchmarks). */
  public IdentityIndex index() {
    return index;
  }

  @Override
  public int personOf(IdentityKind kind, byte[] identifier, int offset) {
    return index.personOf(kind, identifier, offset);
  }

  @Override
  public void personsOf(IdentityKind kind, byte[] identifiers, int count, int[] persons) {
    index.personsOf(kind, identifiers, count, persons);
  }

  @Override
  public Optional<String> userIdOf(int person) {
    return person >= 0 && person < size ? Optional.of(userId(person)) : Optional.empty();
  }

  @Override
  public int personOfUser(String userId) {
    if (!userId.startsWith(USER_PREFIX)
        || userId.length() == USER_PREFIX.length()
        || userId.length() > USER_PREFIX.length() + 10
        || (userId.charAt(USER_PREFIX.length()) == '0'
            && userId.length() > USER_PREFIX.length() + 1)) {
      return NO_PERSON;
    }
    long person = 0;
    for (int i = USER_PREFIX.length(); i < userId.length(); i++) {
      char c = userId.charAt(i);
      if (c < '0' || c > '9') {
        return NO_PERSON;
      }
      person = person * 10 + (c - '0');
    }
    return person < size ? (int) person : NO_PERSON;
  }

  /**
   * The name pair of {@code person}'s block of {@link #ZIPS} people: distinct blocks get distinct
   * pairs (a rotation by the seed), so name + ZIP is unique.
   */
  private int namePair(int person) {
    long rotation = Math.floorMod(seed, (long) NAME_PAIRS);
    return (int) ((person / ZIPS + rotation) % NAME_PAIRS);
  }

  private static void copy(byte[] hash, byte[] into, int index) {
    System.arraycopy(
        hash, 0, into, index * IdentityIndex.IDENTIFIER_BYTES, IdentityIndex.IDENTIFIER_BYTES);
  }
}
