package dev.matchlist.server.store;

import dev.matchlist.core.Hex;
import dev.matchlist.core.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * {@link Catalog} in the store's {@code catalog} column family, one JSON value per record. The
 * catalog is small and read through caches above it, so readability wins over compactness here.
 *
 * <p>Keys: {@code app/<id>}, {@code acct/<id>}, {@code token/<sha256 hex>} (the grant), {@code
 * grant/<grant id>} (the token hash, for revocation and listing).
 */
public final class RocksCatalog implements Catalog {
  private static final int TOKEN_BYTES = 24; // 192 bits of randomness

  private final RocksDB db;
  private final ColumnFamilyHandle catalog;
  private final RocksStore store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Object audienceWrites = new Object();

  public RocksCatalog(RocksStore store, Clock clock) {
    this.store = store;
    this.db = store.db();
    this.catalog = store.family(RocksStore.Family.CATALOG);
    this.clock = clock;
  }

  @Override
  public App createApp(String name, boolean requireProof) {
    byte[] secret = new byte[16];
    random.nextBytes(secret);
    App app = new App(newId("app/"), name, Hex.encode(secret), requireProof, now());
    put("app/" + app.id(), app);
    return app;
  }

  @Override
  public Optional<App> app(String id) {
    return get("app/" + id, App.class);
  }

  @Override
  public List<App> apps() {
    return scan("app/", App.class);
  }

  @Override
  public AdAccount createAdAccount(String name, String appId) {
    if (app(appId).isEmpty()) {
      throw new IllegalArgumentException("no app with id " + appId);
    }
    AdAccount account = new AdAccount(newId("acct/"), name, appId, now());
    put("acct/" + account.id(), account);
    return account;
  }

  @Override
  public Optional<AdAccount> adAccount(String id) {
    return get("acct/" + id, AdAccount.class);
  }

  @Override
  public List<AdAccount> adAccounts() {
    return scan("acct/", AdAccount.class);
  }

  @Override
  public IssuedToken issueToken(String label, String appId, Set<String> adAccountIds) {
    if (app(appId).isEmpty()) {
      throw new IllegalArgumentException("no app with id " + appId);
    }
    for (String accountId : adAccountIds) {
      if (adAccount(accountId).isEmpty()) {
        throw new IllegalArgumentException("no ad account with id " + accountId);
      }
    }
    byte[] secret = new byte[TOKEN_BYTES];
    random.nextBytes(secret);
    String token = "ML" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    TokenGrant grant =
        new TokenGrant(newId("grant/"), label, appId, Set.copyOf(adAccountIds), now(), false);
    String hash = Sha256.hex(token);
    put("token/" + hash, grant);
    putRaw("grant/" + grant.id(), hash.getBytes(StandardCharsets.UTF_8));
    return new IssuedToken(token, grant);
  }

  @Override
  public Optional<TokenGrant> grantFor(String token) {
    return issuedGrant(token).filter(grant -> !grant.revoked());
  }

  @Override
  public boolean isRevoked(String token) {
    return issuedGrant(token).filter(TokenGrant::revoked).isPresent();
  }

  /** The grant this token was issued with, live or revoked. */
  private Optional<TokenGrant> issuedGrant(String token) {
    String hash = Sha256.hex(token);
    return get("token/" + hash, TokenGrant.class)
        // The key lookup already matched the hash; this compares it again in constant time so
        // that no timing of ours depends on how much of a guessed token was right.
        .filter(grant -> MessageDigest.isEqual(storedHash(grant.id()), bytes(hash)));
  }

  @Override
  public List<TokenGrant> tokens() {
    List<TokenGrant> grants = new ArrayList<>();
    for (String hash : scanRaw("grant/")) {
      get("token/" + hash, TokenGrant.class).ifPresent(grants::add);
    }
    return grants;
  }

  @Override
  public boolean revokeToken(String grantId) {
    byte[] hash = storedHash(grantId);
    if (hash.length == 0) {
      return false;
    }
    String key = "token/" + new String(hash, StandardCharsets.UTF_8);
    Optional<TokenGrant> grant = get(key, TokenGrant.class);
    grant.ifPresent(
        g ->
            put(
                key,
                new TokenGrant(
                    g.id(), g.label(), g.appId(), g.adAccountIds(), g.createdAt(), true)));
    return grant.isPresent();
  }

  @Override
  public Audience createAudience(AudienceSpec spec) {
    if (adAccount(spec.adAccountId()).isEmpty()) {
      throw new IllegalArgumentException("no ad account with id " + spec.adAccountId());
    }
    long now = now();
    Audience audience = new Audience(newId("aud/"), spec, now, now, 0, "");
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(catalog, bytes("aud/" + audience.id()), StoredJson.write(audience));
      batch.put(catalog, bytes(audienceIndexKey(audience)), new byte[0]);
      db.write(store.syncWrites(), batch);
    } catch (RocksDBException e) {
      throw new StoreException("catalog write failed: " + e.getMessage(), e);
    }
    return audience;
  }

  @Override
  public Optional<Audience> audience(String id) {
    return get("aud/" + id, Audience.class);
  }

  @Override
  public Optional<Audience> modifyAudience(String id, UnaryOperator<Audience> change) {
    // Audience writes are rare (control plane, an upload's first batch): one lock keeps each
    // read-change-write whole, and keeps a modify from bringing back a deleted audience.
    synchronized (audienceWrites) {
      Optional<Audience> current = audience(id);
      if (current.isEmpty()) {
        return Optional.empty();
      }
      Audience next = change.apply(current.get());
      if (!next.id().equals(id)) {
        throw new IllegalArgumentException("an audience keeps its id: " + id + " → " + next.id());
      }
      put("aud/" + id, next);
      return Optional.of(next);
    }
  }

  @Override
  public boolean deleteAudience(String id) {
    synchronized (audienceWrites) {
      return deleteAudienceLocked(id);
    }
  }

  private boolean deleteAudienceLocked(String id) {
    Optional<Audience> audience = audience(id);
    if (audience.isEmpty()) {
      return false;
    }
    try (WriteBatch batch = new WriteBatch()) {
      batch.delete(catalog, bytes("aud/" + id));
      batch.delete(catalog, bytes(audienceIndexKey(audience.get())));
      db.write(store.syncWrites(), batch);
    } catch (RocksDBException e) {
      throw new StoreException("catalog write failed: " + e.getMessage(), e);
    }
    return true;
  }

  @Override
  public List<Audience> audiences(String adAccountId) {
    List<Audience> audiences = new ArrayList<>();
    String prefix = audienceIndexPrefix(adAccountId);
    try (RocksIterator it = db.newIterator(catalog)) {
      for (it.seek(bytes(prefix)); it.isValid() && startsWith(it.key(), prefix); it.next()) {
        String key = new String(it.key(), StandardCharsets.UTF_8);
        audience(key.substring(key.lastIndexOf('/') + 1)).ifPresent(audiences::add);
      }
    }
    return audiences;
  }

  @Override
  public int audienceCount(String adAccountId) {
    String prefix = audienceIndexPrefix(adAccountId);
    int count = 0;
    try (RocksIterator it = db.newIterator(catalog)) {
      for (it.seek(bytes(prefix)); it.isValid() && startsWith(it.key(), prefix); it.next()) {
        count++;
      }
    }
    return count;
  }

  @Override
  public List<ListedAudience> audiencesAfter(
      String adAccountId, @Nullable ListingPosition after, int limit) {
    String prefix = audienceIndexPrefix(adAccountId);
    List<ListedAudience> page = new ArrayList<>();
    try (RocksIterator it = db.newIterator(catalog)) {
      if (after == null) {
        it.seek(bytes(prefix));
      } else {
        byte[] from = bytes(audienceIndexKey(adAccountId, after));
        it.seek(from);
        if (it.isValid() && Arrays.equals(it.key(), from)) {
          it.next(); // strictly after
        }
      }
      for (; it.isValid() && startsWith(it.key(), prefix) && page.size() < limit; it.next()) {
        listed(it.key()).ifPresent(page::add);
      }
    }
    return page;
  }

  @Override
  public List<ListedAudience> audiencesBefore(
      String adAccountId, ListingPosition before, int limit) {
    String prefix = audienceIndexPrefix(adAccountId);
    List<ListedAudience> page = new ArrayList<>();
    try (RocksIterator it = db.newIterator(catalog)) {
      byte[] from = bytes(audienceIndexKey(adAccountId, before));
      it.seekForPrev(from);
      if (it.isValid() && Arrays.equals(it.key(), from)) {
        it.prev(); // strictly before
      }
      for (; it.isValid() && startsWith(it.key(), prefix) && page.size() < limit; it.prev()) {
        listed(it.key()).ifPresent(page::add);
      }
    }
    Collections.reverse(page);
    return page;
  }

  /** The audience an index key points at, with its position; empty if deleted meanwhile. */
  private Optional<ListedAudience> listed(byte[] indexKey) {
    String key = new String(indexKey, StandardCharsets.UTF_8);
    String[] parts = key.split("/");
    long timeCreated = Long.MAX_VALUE - Long.parseLong(parts[2]);
    ListingPosition position = new ListingPosition(timeCreated, parts[3]);
    return audience(parts[3]).map(audience -> new ListedAudience(audience, position));
  }

  private static String audienceIndexPrefix(String adAccountId) {
    return "acct-aud/" + adAccountId + "/";
  }

  private static String audienceIndexKey(Audience audience) {
    return audienceIndexKey(
        audience.spec().adAccountId(), new ListingPosition(audience.timeCreated(), audience.id()));
  }

  /** Index key ordered newest first: the inverted creation time sorts ascending. */
  private static String audienceIndexKey(String adAccountId, ListingPosition position) {
    return String.format(
        "%s%019d/%s",
        audienceIndexPrefix(adAccountId), Long.MAX_VALUE - position.timeCreated(), position.id());
  }

  /**
   * A fresh random 16-digit id, unused under {@code keyPrefix}. Random rather than sequential so
   * that ids say nothing about how many objects other tenants have.
   */
  private String newId(String keyPrefix) {
    while (true) {
      String id = Long.toString(1_000_000_000_000_000L + random.nextLong(9_000_000_000_000_000L));
      if (!exists(keyPrefix + id)) {
        return id;
      }
    }
  }

  private boolean exists(String key) {
    try {
      return db.get(catalog, bytes(key)) != null;
    } catch (RocksDBException e) {
      throw new StoreException("catalog read failed: " + e.getMessage(), e);
    }
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  private byte[] storedHash(String grantId) {
    try {
      byte[] hash = db.get(catalog, bytes("grant/" + grantId));
      return hash == null ? new byte[0] : hash;
    } catch (RocksDBException e) {
      throw new StoreException("catalog read failed: " + e.getMessage(), e);
    }
  }

  private void put(String key, Object record) {
    putRaw(key, StoredJson.write(record));
  }

  private void putRaw(String key, byte[] value) {
    try {
      db.put(catalog, store.syncWrites(), bytes(key), value);
    } catch (RocksDBException e) {
      throw new StoreException("catalog write failed: " + e.getMessage(), e);
    }
  }

  private <T> Optional<T> get(String key, Class<T> type) {
    try {
      byte[] value = db.get(catalog, bytes(key));
      return value == null ? Optional.empty() : Optional.of(StoredJson.read(value, type, key));
    } catch (RocksDBException e) {
      throw new StoreException("catalog read of " + key + " failed: " + e.getMessage(), e);
    }
  }

  private <T> List<T> scan(String prefix, Class<T> type) {
    List<T> records = new ArrayList<>();
    try (RocksIterator it = db.newIterator(catalog)) {
      for (it.seek(bytes(prefix)); it.isValid() && startsWith(it.key(), prefix); it.next()) {
        records.add(StoredJson.read(it.value(), type, prefix));
      }
    }
    return records;
  }

  private List<String> scanRaw(String prefix) {
    List<String> values = new ArrayList<>();
    try (RocksIterator it = db.newIterator(catalog)) {
      for (it.seek(bytes(prefix)); it.isValid() && startsWith(it.key(), prefix); it.next()) {
        values.add(new String(it.value(), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  private static boolean startsWith(byte[] key, String prefix) {
    return new String(key, StandardCharsets.UTF_8).startsWith(prefix);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
