package dev.matchlist.server.matching;

import java.util.Optional;

/**
 * The emulator's identity base for integration testers who have no user base: every identifier
 * deterministically is or is not a person, at a given rate, decided by its own bits. The same
 * identifier always gives the same answer (across runs and servers); different identifiers of one
 * upload row may name different people, and the row then goes to its highest-priority kind, as with
 * a real base.
 *
 * <p>Person ids come from the identifier's bits too, so two uploads of the same hash land on the
 * same person; user ids are {@code synthetic-<person>}.
 */
public final class SyntheticMatching implements PersonDirectory {
  private static final String USER_PREFIX = "synthetic-";
  private static final long RATE_SCALE = 1L << 20;

  private final double rate;
  private final long threshold;

  /**
   * @param rate the share of identifiers that are a person, 0 to 1 (Meta-like default 0.7)
   */
  public SyntheticMatching(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("the synthetic match rate must be between 0 and 1");
    }
    this.rate = rate;
    this.threshold = Math.round(rate * RATE_SCALE);
  }

  public double rate() {
    return rate;
  }

  @Override
  public int personOf(IdentityKind kind, byte[] identifier, int offset) {
    // Uploaded identifiers are SHA-256 output: their bits are already uniform. Bytes 0–7 decide
    // whether this is a person, bytes 8–11 which one.
    long decide = 0;
    for (int i = 0; i < 8; i++) {
      decide = (decide << 8) | (identifier[offset + i] & 0xFF);
    }
    if (Long.remainderUnsigned(decide, RATE_SCALE) >= threshold) {
      return NO_PERSON;
    }
    int person = 0;
    for (int i = 8; i < 12; i++) {
      person = (person << 8) | (identifier[offset + i] & 0xFF);
    }
    return Integer.remainderUnsigned(person, IdentityIndex.MAX_PERSON + 1);
  }

  @Override
  public Optional<String> userIdOf(int person) {
    return person >= 0 ? Optional.of(USER_PREFIX + person) : Optional.empty();
  }

  @Override
  public int personOfUser(String userId) {
    if (!userId.startsWith(USER_PREFIX)) {
      return NO_PERSON;
    }
    try {
      int person = Integer.parseInt(userId.substring(USER_PREFIX.length()));
      return person >= 0 && person <= IdentityIndex.MAX_PERSON ? person : NO_PERSON;
    } catch (NumberFormatException e) {
      return NO_PERSON;
    }
  }
}
