package dev.matchlist.server.matching;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.payload.RowBlock;
import dev.matchlist.server.intake.IntakeBatch;
import dev.matchlist.server.intake.Operation;
import dev.matchlist.server.intake.SessionState;
import dev.matchlist.server.store.RocksIntakeLog;
import dev.matchlist.server.store.RocksMembershipStore;
import dev.matchlist.server.store.RocksSessionStore;
import dev.matchlist.server.store.RocksStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A matcher over real RocksDB in a directory, fed through the real session store, with a
 * HashMap-backed identity base. Sessions are written as the intake would write them.
 */
public final class MatcherFixture implements AutoCloseable {
  public static final long START_MILLIS = 1_750_000_000_000L;

  public final RocksStore store;
  public final RocksIntakeLog log;
  public final RocksSessionStore sessions;
  public final Membership membership;
  public final Matcher matcher;
  private final MutableClock clock;

  private MatcherFixture(
      Path dir,
      IdentityLookup identities,
      int batchesPerCommit,
      UnaryOperator<MembershipStore> wrapStore) {
    store = RocksStore.open(dir);
    log = new RocksIntakeLog(store);
    sessions = new RocksSessionStore(store, log);
    membership = Membership.load(wrapStore.apply(new RocksMembershipStore(store)));
    clock = new MutableClock(START_MILLIS);
    matcher = new Matcher(log, sessions, identities, membership, clock, batchesPerCommit);
  }

  public static MatcherFixture open(Path dir, IdentityLookup identities) {
    return open(dir, identities, Matcher.DEFAULT_BATCHES_PER_COMMIT);
  }

  public static MatcherFixture open(Path dir, IdentityLookup identities, int batchesPerCommit) {
    return open(dir, identities, batchesPerCommit, UnaryOperator.identity());
  }

  /** With the membership store seen through {@code wrapStore} (to slow or fail its commits). */
  public static MatcherFixture open(
      Path dir,
      IdentityLookup identities,
      int batchesPerCommit,
      UnaryOperator<MembershipStore> wrapStore) {
    return new MatcherFixture(dir, identities, batchesPerCommit, wrapStore);
  }

  /** Moves the matcher's clock on (for session windows). */
  public void advanceMillis(long millis) {
    clock.millis += millis;
  }

  /** Writes a batch and its session state, as the intake does after answering an upload. */
  public long upload(
      String account,
      String audience,
      Operation operation,
      long sessionId,
      int batchSeq,
      boolean last,
      int rowsReceived,
      RowBlock rows) {
    SessionState before = sessions.session(account, sessionId).orElse(null);
    long now = START_MILLIS;
    SessionState next =
        new SessionState(
            audience,
            sessionId,
            operation,
            before == null ? now : before.startedAtMillis(),
            now,
            (before == null ? 0 : before.numReceived()) + rowsReceived,
            0,
            null,
            Map.of(),
            last ? now : 0,
            false);
    IntakeBatch batch =
        new IntakeBatch(account, audience, operation, sessionId, batchSeq, rowsReceived, rows);
    return sessions.accept(account, next, java.nio.ByteBuffer.wrap(batch.encode()));
  }

  /** A one-batch ADD/REMOVE session of the given rows (all valid). */
  public long upload(
      String account, String audience, Operation operation, long sessionId, RowBlock rows) {
    return upload(account, audience, operation, sessionId, 1, true, rows.size(), rows);
  }

  @Override
  public void close() {
    matcher.close();
    store.close();
  }

  /** SHA-256 of the text. */
  public static byte[] sha(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Rows of the schema; each cell is a clear value hashed here (identifier columns), a number as
   * text (LOOKALIKE_VALUE, the data-processing country/state), {@code "LDU"} or {@code ""} for
   * DATA_PROCESSING_OPTIONS, or null for an absent cell.
   */
  public static RowBlock rows(List<SchemaKey> schema, String[]... cells) {
    int size = cells.length;
    int columns = schema.size();
    long[][] present = new long[columns][(size + 63) / 64];
    byte[][] identifiers = new byte[columns][];
    double[][] numbers = new double[columns][];
    int[][] ints = new int[columns][];
    int[] original = new int[size];
    for (int c = 0; c < columns; c++) {
      switch (schema.get(c).cellKind()) {
        case HASH, CLEAR_ID -> identifiers[c] = new byte[size * RowBlock.IDENTIFIER_BYTES];
        case NUMBER -> numbers[c] = new double[size];
        case INTEGER, OPTIONS -> ints[c] = new int[size];
      }
    }
    for (int r = 0; r < size; r++) {
      original[r] = r;
      for (int c = 0; c < columns; c++) {
        String cell = cells[r][c];
        if (cell == null) {
          continue;
        }
        present[c][r >>> 6] |= 1L << r;
        switch (schema.get(c).cellKind()) {
          case HASH, CLEAR_ID ->
              System.arraycopy(
                  sha(cell),
                  0,
                  identifiers[c],
                  r * RowBlock.IDENTIFIER_BYTES,
                  RowBlock.IDENTIFIER_BYTES);
          case NUMBER -> numbers[c][r] = Double.parseDouble(cell);
          case INTEGER -> ints[c][r] = Integer.parseInt(cell);
          case OPTIONS -> ints[c][r] = cell.equals("LDU") ? RowBlock.OPTION_LDU : 0;
        }
      }
    }
    return RowBlock.of(
        schema, size, original, present, identifiers, new int[schema.size()], numbers, ints);
  }

  /** Single-column EMAIL rows. */
  public static RowBlock emails(String... emails) {
    String[][] cells = new String[emails.length][];
    for (int i = 0; i < emails.length; i++) {
      cells[i] = new String[] {emails[i]};
    }
    return rows(List.of(SchemaKey.EMAIL), cells);
  }

  /** An identity base in a HashMap: (kind, identifier) → person. */
  public static final class MapIdentities implements IdentityLookup {
    private final Map<String, Integer> people = new HashMap<>();

    /** Registers a strong identifier by its clear value (hashed here). */
    public MapIdentities with(IdentityKind kind, String value, int person) {
      people.put(key(kind, sha(value), 0), person);
      return this;
    }

    /** Registers a combination by its components' clear values, in the kind's order. */
    public MapIdentities withComposite(IdentityKind kind, int person, String... components) {
      byte[] hashes = new byte[32 * components.length];
      for (int i = 0; i < components.length; i++) {
        System.arraycopy(sha(components[i]), 0, hashes, 32 * i, 32);
      }
      people.put(key(kind, kind.compositeIdentifier(hashes), 0), person);
      return this;
    }

    @Override
    public int personOf(IdentityKind kind, byte[] identifier, int offset) {
      return people.getOrDefault(key(kind, identifier, offset), NO_PERSON);
    }

    private static String key(IdentityKind kind, byte[] identifier, int offset) {
      return kind + ":" + HexFormat.of().formatHex(identifier, offset, offset + 32);
    }
  }

  private static final class MutableClock extends Clock {
    volatile long millis;

    MutableClock(long millis) {
      this.millis = millis;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
      return millis;
    }
  }
}
