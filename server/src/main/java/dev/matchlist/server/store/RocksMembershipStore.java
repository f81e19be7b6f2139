package dev.matchlist.server.store;

import dev.matchlist.server.matching.AudienceMembers;
import dev.matchlist.server.matching.ExternIdMemory;
import dev.matchlist.server.matching.MatchReport;
import dev.matchlist.server.matching.MembershipStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * {@link MembershipStore} in the store's {@code membership} column family: one serialized bitmap
 * per audience, rewritten whole whenever a commit touches the audience. Simple and fast to restore
 * (one read per audience); the cost is a rewrite per commit that grows with the audience, which the
 * matcher amortizes by committing many intake batches at once.
 *
 * <p>Keys: {@code applied} → the checkpoint (8 bytes, big-endian), {@code aud/<audience>} → {@link
 * AudienceMembers#toBytes()}, {@code replace/<account>/<session>} → audience id (length-prefixed
 * UTF-8) then its members, {@code report/<account>/<session>} → the match report as JSON, {@code
 * extern/<account>/<64-hex EXTERN_ID cell>} → person (4 bytes) and the time it was set (8 bytes).
 */
public final class RocksMembershipStore implements MembershipStore {
  private static final byte[] APPLIED_KEY = bytes("applied");
  private static final String AUDIENCE = "aud/";
  private static final String REPLACE = "replace/";
  private static final String REPORT = "report/";
  private static final String EXTERN = "extern/";

  private final RocksStore store;
  private final RocksDB db;
  private final ColumnFamilyHandle membership;

  public RocksMembershipStore(RocksStore store) {
    this.store = store;
    this.db = store.db();
    this.membership = store.family(RocksStore.Family.MEMBERSHIP);
  }

  @Override
  public Stored load() {
    try {
      byte[] applied = db.get(membership, APPLIED_KEY);
      Map<String, AudienceMembers> audiences = new HashMap<>();
      scan(AUDIENCE, (id, value) -> audiences.put(id, AudienceMembers.fromBytes(value)));
      List<PendingReplace> replaces = new ArrayList<>();
      scan(REPLACE, (accountAndSession, value) -> replaces.add(replace(accountAndSession, value)));
      Map<ExternIdMemory.Key, ExternIdMemory.Remembered> externIds = new HashMap<>();
      scan(
          EXTERN,
          (accountAndId, value) -> {
            int slash = accountAndId.lastIndexOf('/');
            ByteBuffer in = ByteBuffer.wrap(value);
            externIds.put(
                new ExternIdMemory.Key(
                    accountAndId.substring(0, slash), accountAndId.substring(slash + 1)),
                new ExternIdMemory.Remembered(in.getInt(), in.getLong()));
          });
      return new Stored(
          applied == null ? 0 : ByteBuffer.wrap(applied).getLong(), audiences, replaces, externIds);
    } catch (RocksDBException e) {
      throw new StoreException("membership unreadable: " + e.getMessage(), e);
    }
  }

  @Override
  public PreparedCommit prepare(MembershipCommit commit) {
    WriteBatch writes = new WriteBatch();
    try {
      if (commit.appliedThrough().isPresent()) {
        writes.put(
            membership,
            APPLIED_KEY,
            ByteBuffer.allocate(Long.BYTES).putLong(commit.appliedThrough().getAsLong()).array());
      }
      for (String audienceId : commit.deletedAudiences()) {
        writes.delete(membership, bytes(AUDIENCE + audienceId));
      }
      for (Map.Entry<String, AudienceMembers> e : commit.audiences().entrySet()) {
        writes.put(membership, bytes(AUDIENCE + e.getKey()), e.getValue().toBytes());
      }
      for (PendingReplace finished : commit.finishedReplaces()) {
        writes.delete(membership, replaceKey(finished.adAccountId(), finished.sessionId()));
      }
      for (PendingReplace replace : commit.replaces()) {
        writes.put(
            membership, replaceKey(replace.adAccountId(), replace.sessionId()), encode(replace));
      }
      for (MatchReport report : commit.reports()) {
        writes.put(
            membership,
            reportKey(report.adAccountId(), report.sessionId()),
            StoredJson.write(report));
      }
      for (ExternIdMemory.Key key : commit.externIds().forgotten()) {
        writes.delete(membership, externKey(key));
      }
      for (Map.Entry<ExternIdMemory.Key, ExternIdMemory.Remembered> e :
          commit.externIds().remembered().entrySet()) {
        writes.put(
            membership,
            externKey(e.getKey()),
            ByteBuffer.allocate(Integer.BYTES + Long.BYTES)
                .putInt(e.getValue().person())
                .putLong(e.getValue().setAtMillis())
                .array());
      }
    } catch (RocksDBException | RuntimeException e) {
      writes.close();
      throw new StoreException("membership commit could not be prepared: " + e.getMessage(), e);
    }
    return new PreparedCommit() {
      @Override
      public void write() {
        try {
          db.write(store.syncWrites(), writes);
        } catch (RocksDBException e) {
          throw new StoreException("membership commit failed: " + e.getMessage(), e);
        }
      }

      @Override
      public void close() {
        writes.close();
      }
    };
  }

  @Override
  public Optional<MatchReport> matchReport(String adAccountId, long sessionId) {
    try {
      byte[] json = db.get(membership, reportKey(adAccountId, sessionId));
      return json == null
          ? Optional.empty()
          : Optional.of(StoredJson.read(json, MatchReport.class, "match report"));
    } catch (RocksDBException e) {
      throw new StoreException("match report unreadable: " + e.getMessage(), e);
    }
  }

  private interface KeyValue {
    void accept(String keyAfterPrefix, byte[] value);
  }

  private void scan(String prefix, KeyValue into) throws RocksDBException {
    byte[] start = bytes(prefix);
    try (RocksIterator it = db.newIterator(membership)) {
      for (it.seek(start); it.isValid() && startsWith(it.key(), start); it.next()) {
        String key = new String(it.key(), StandardCharsets.UTF_8);
        into.accept(key.substring(prefix.length()), it.value());
      }
      it.status();
    }
  }

  private static PendingReplace replace(String accountAndSession, byte[] value) {
    int slash = accountAndSession.lastIndexOf('/');
    ByteBuffer in = ByteBuffer.wrap(value);
    byte[] audience = new byte[in.getShort()];
    in.get(audience);
    byte[] members = Arrays.copyOfRange(value, in.position(), value.length);
    return new PendingReplace(
        accountAndSession.substring(0, slash),
        Long.parseLong(accountAndSession.substring(slash + 1)),
        new String(audience, StandardCharsets.UTF_8),
        AudienceMembers.fromBytes(members));
  }

  private static byte[] encode(PendingReplace replace) {
    byte[] audience = bytes(replace.audienceId());
    byte[] members = replace.members().toBytes();
    return ByteBuffer.allocate(2 + audience.length + members.length)
        .putShort((short) audience.length)
        .put(audience)
        .put(members)
        .array();
  }

  private static byte[] replaceKey(String adAccountId, long sessionId) {
    return bytes(REPLACE + adAccountId + "/" + sessionId);
  }

  private static byte[] externKey(ExternIdMemory.Key key) {
    return bytes(EXTERN + key.adAccountId() + "/" + key.externIdHex());
  }

  private static byte[] reportKey(String adAccountId, long sessionId) {
    return bytes(REPORT + adAccountId + "/" + sessionId);
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
