package dev.matchlist.server.matching;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The EXTERN_IDs the matcher has learnt, per ad account (spec §2.2): when a row carries an
 * EXTERN_ID together with identifiers that resolve to a person, the pair is remembered, and later
 * rows of the same ad account whose other identifiers are absent or unknown resolve through it.
 *
 * <p>An entry lives {@link #RETENTION} (90 days) from when it was last set, by the matcher's clock;
 * being used does not extend it. It is never consulted for another ad account. Entries change only
 * inside {@link Membership}'s commits, so they are exactly as durable and exactly-once as the
 * membership they helped build. Guarded by the {@link Membership} writer lock.
 */
public final class ExternIdMemory {
  /** How long an EXTERN_ID stays remembered after it was last set. */
  public static final Duration RETENTION = Duration.ofDays(90);

  /** An ad account's EXTERN_ID, by the 64-hex of the row's 32-byte EXTERN_ID cell. */
  public record Key(String adAccountId, String externIdHex) {
    static Key of(String adAccountId, byte[] externId, int offset) {
      return new Key(adAccountId, HexFormat.of().formatHex(externId, offset, offset + 32));
    }
  }

  /** The person an EXTERN_ID was last seen with, and when (epoch millis). */
  public record Remembered(int person, long setAtMillis) {
    boolean expiredAt(long nowMillis) {
      return nowMillis - setAtMillis >= RETENTION.toMillis();
    }
  }

  /**
   * Entries to store and to delete in one commit.
   *
   * @param remembered entries set (new or refreshed)
   * @param forgotten entries expired, to delete
   */
  public record Changes(Map<Key, Remembered> remembered, Set<Key> forgotten) {
    public static final Changes NONE = new Changes(Map.of(), Set.of());

    public Changes {
      remembered = Map.copyOf(remembered);
      forgotten = Set.copyOf(forgotten);
    }

    public boolean isEmpty() {
      return remembered.isEmpty() && forgotten.isEmpty();
    }
  }

  private final Map<Key, Remembered> entries;

  ExternIdMemory(Map<Key, Remembered> stored) {
    this.entries = new HashMap<>(stored);
  }

  /** Number of entries held, expired ones not yet deleted included. */
  public int size() {
    return entries.size();
  }

  /** The unexpired entry for the key, if any. */
  Optional<Remembered> get(Key key, long nowMillis) {
    Remembered r = entries.get(key);
    return r == null || r.expiredAt(nowMillis) ? Optional.empty() : Optional.of(r);
  }

  /** Whether any entry has expired by {@code nowMillis}. */
  boolean anyExpired(long nowMillis) {
    for (Remembered r : entries.values()) {
      if (r.expiredAt(nowMillis)) {
        return true;
      }
    }
    return false;
  }

  /** Makes committed changes visible. */
  void apply(Changes changes) {
    entries.keySet().removeAll(changes.forgotten());
    entries.putAll(changes.remembered());
  }

  Draft draft() {
    return new Draft(this);
  }

  /** Changes being prepared inside one {@link Membership} update, read through to the memory. */
  static final class Draft {
    private final ExternIdMemory memory;
    private final Map<Key, Remembered> remembered = new HashMap<>();
    private final Set<Key> forgotten = new HashSet<>();

    private Draft(ExternIdMemory memory) {
      this.memory = memory;
    }

    /** The person remembered for the EXTERN_ID in this ad account, or {@code NO_PERSON}. */
    int personOf(String adAccountId, byte[] externId, int offset, long nowMillis) {
      Key key = Key.of(adAccountId, externId, offset);
      Remembered r = remembered.get(key);
      if (r == null) {
        r = memory.get(key, nowMillis).orElse(null);
      }
      return r == null || r.expiredAt(nowMillis) ? IdentityLookup.NO_PERSON : r.person();
    }

    /** Remembers (or refreshes) the EXTERN_ID as the person's, from {@code nowMillis}. */
    void remember(String adAccountId, byte[] externId, int offset, int person, long nowMillis) {
      Key key = Key.of(adAccountId, externId, offset);
      forgotten.remove(key);
      remembered.put(key, new Remembered(person, nowMillis));
    }

    /** Schedules every entry expired by {@code nowMillis} for deletion. */
    void forgetExpired(long nowMillis) {
      memory.entries.forEach(
          (key, r) -> {
            if (r.expiredAt(nowMillis) && !remembered.containsKey(key)) {
              forgotten.add(key);
            }
          });
    }

    /** Forgets every EXTERN_ID remembered for the person (deleted from the identity base). */
    void forgetPerson(int person) {
      remembered.values().removeIf(r -> r.person() == person);
      memory.entries.forEach(
          (key, r) -> {
            if (r.person() == person) {
              forgotten.add(key);
            }
          });
    }

    Changes changes() {
      return new Changes(remembered, forgotten);
    }
  }
}
