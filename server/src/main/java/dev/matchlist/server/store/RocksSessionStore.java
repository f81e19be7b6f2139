package dev.matchlist.server.store;

import dev.matchlist.server.intake.Operation;
import dev.matchlist.server.intake.SessionState;
import dev.matchlist.server.intake.SessionStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Predicate;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * {@link SessionStore} in the store's {@code sessions} column family, written in the same {@link
 * WriteBatch} as the intake-log entry.
 *
 * <p>Keys: {@code sess/<account>/<session id>} (the state, JSON), {@code aud/<audience>/<inverted
 * start>/<session id>} → account (an audience's sessions, newest first), {@code replace/<audience>}
 * → {@code <account>/<session id>} (the open replace session).
 */
public final class RocksSessionStore implements SessionStore {
  private final RocksDB db;
  private final ColumnFamilyHandle sessions;
  private final RocksIntakeLog intakeLog;
  private final RocksStore store;

  public RocksSessionStore(RocksStore store, RocksIntakeLog intakeLog) {
    this.store = store;
    this.db = store.db();
    this.sessions = store.family(RocksStore.Family.SESSIONS);
    this.intakeLog = intakeLog;
  }

  @Override
  public Optional<SessionState> session(String adAccountId, long sessionId) {
    return read(bytes(sessionKey(adAccountId, sessionId)));
  }

  @Override
  public Optional<SessionState> openReplaceSession(String audienceId) {
    byte[] pointer = get(bytes("replace/" + audienceId));
    if (pointer == null) {
      return Optional.empty();
    }
    String[] accountAndSession = new String(pointer, StandardCharsets.UTF_8).split("/");
    return session(accountAndSession[0], Long.parseLong(accountAndSession[1]));
  }

  @Override
  public void visitSessions(String audienceId, Predicate<SessionState> visitor) {
    String prefix = "aud/" + audienceId + "/";
    try (RocksIterator it = db.newIterator(sessions)) {
      for (it.seek(bytes(prefix)); it.isValid() && text(it.key()).startsWith(prefix); it.next()) {
        String key = text(it.key());
        long sessionId = Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
        Optional<SessionState> session = session(text(it.value()), sessionId);
        if (session.isPresent() && !visitor.test(session.get())) {
          return;
        }
      }
    }
  }

  @Override
  public long accept(String adAccountId, SessionState next, ByteBuffer batch) {
    try (WriteBatch writes = new WriteBatch()) {
      stage(writes, adAccountId, next);
      return intakeLog.append(batch, writes);
    } catch (RocksDBException e) {
      throw new StoreException("session write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void update(String adAccountId, SessionState next) {
    try (WriteBatch writes = new WriteBatch()) {
      stage(writes, adAccountId, next);
      db.write(store.syncWrites(), writes);
    } catch (RocksDBException e) {
      throw new StoreException("session write failed: " + e.getMessage(), e);
    }
  }

  private void stage(WriteBatch writes, String adAccountId, SessionState next)
      throws RocksDBException {
    writes.put(sessions, bytes(sessionKey(adAccountId, next.sessionId())), StoredJson.write(next));
    writes.put(
        sessions,
        bytes(
            String.format(
                "aud/%s/%019d/%d",
                next.audienceId(), Long.MAX_VALUE - next.startedAtMillis(), next.sessionId())),
        bytes(adAccountId));
    if (next.operation() == Operation.REPLACE) {
      byte[] pointer = bytes("replace/" + next.audienceId());
      if (next.isClosed()) {
        writes.delete(sessions, pointer);
      } else {
        writes.put(sessions, pointer, bytes(adAccountId + "/" + next.sessionId()));
      }
    }
  }

  private Optional<SessionState> read(byte[] key) {
    byte[] value = get(key);
    return value == null
        ? Optional.empty()
        : Optional.of(StoredJson.read(value, SessionState.class, "session record"));
  }

  private byte[] get(byte[] key) {
    try {
      return db.get(sessions, key);
    } catch (RocksDBException e) {
      throw new StoreException("session read failed: " + e.getMessage(), e);
    }
  }

  private static String sessionKey(String adAccountId, long sessionId) {
    return "sess/" + adAccountId + "/" + sessionId;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
