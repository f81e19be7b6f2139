package dev.matchlist.server.store;

import dev.matchlist.server.matching.IdentityKind;
import dev.matchlist.server.matching.IdentityRecord;
import dev.matchlist.server.matching.IdentityRecordStore;
import dev.matchlist.server.matching.PersonIdentifier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * {@link IdentityRecordStore} in the store's {@code identities} column family. Hashes only: no raw
 * personal data is ever written here.
 *
 * <p>Keys: {@code u<user id>} → the record (format version byte, person int, identifier count, then
 * per identifier its kind name and 32 bytes); {@code p<person, 4 bytes big-endian>} → user id;
 * {@code m:next-person} (int) and {@code m:identifiers} (long) counters.
 */
public final class RocksIdentityStore implements IdentityRecordStore {
  private static final int FORMAT_VERSION = 1;
  private static final byte USER = 'u';
  private static final byte PERSON = 'p';
  private static final byte[] NEXT_PERSON = bytes("m:next-person");
  private static final byte[] IDENTIFIERS = bytes("m:identifiers");

  private final RocksStore store;
  private final RocksDB db;
  private final ColumnFamilyHandle identities;

  public RocksIdentityStore(RocksStore store) {
    this.store = store;
    this.db = store.db();
    this.identities = store.family(RocksStore.Family.IDENTITIES);
  }

  @Override
  public Optional<IdentityRecord> byUser(String userId) {
    byte[] value = get(userKey(userId));
    return value == null ? Optional.empty() : Optional.of(decode(userId, value));
  }

  @Override
  public Optional<String> userOf(int person) {
    byte[] value = get(personKey(person));
    return value == null
        ? Optional.empty()
        : Optional.of(new String(value, StandardCharsets.UTF_8));
  }

  @Override
  public int nextPerson() {
    byte[] value = get(NEXT_PERSON);
    return value == null ? 0 : ByteBuffer.wrap(value).getInt();
  }

  @Override
  public long identifierCount() {
    byte[] value = get(IDENTIFIERS);
    return value == null ? 0 : ByteBuffer.wrap(value).getLong();
  }

  @Override
  public void commit(
      Collection<IdentityRecord> puts,
      Collection<IdentityRecord> deletes,
      int nextPerson,
      long identifierCount) {
    try (WriteBatch writes = new WriteBatch()) {
      for (IdentityRecord record : deletes) {
        writes.delete(identities, userKey(record.userId()));
        writes.delete(identities, personKey(record.person()));
      }
      for (IdentityRecord record : puts) {
        writes.put(identities, userKey(record.userId()), encode(record));
        writes.put(
            identities,
            personKey(record.person()),
            record.userId().getBytes(StandardCharsets.UTF_8));
      }
      writes.put(identities, NEXT_PERSON, ByteBuffer.allocate(4).putInt(nextPerson).array());
      writes.put(identities, IDENTIFIERS, ByteBuffer.allocate(8).putLong(identifierCount).array());
      db.write(store.syncWrites(), writes);
    } catch (RocksDBException e) {
      throw new StoreException("identity write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void forEach(Consumer<IdentityRecord> each) {
    try (RocksIterator it = db.newIterator(identities)) {
      for (it.seek(new byte[] {USER}); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (key.length == 0 || key[0] != USER) {
          break;
        }
        String userId = new String(key, 1, key.length - 1, StandardCharsets.UTF_8);
        each.accept(decode(userId, it.value()));
      }
    }
  }

  private byte[] get(byte[] key) {
    try {
      return db.get(identities, key);
    } catch (RocksDBException e) {
      throw new StoreException("identity read failed: " + e.getMessage(), e);
    }
  }

  private static byte[] encode(IdentityRecord record) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 + 40 * record.identifiers().size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT_VERSION);
      out.writeInt(record.person());
      out.writeShort(record.identifiers().size());
      for (PersonIdentifier id : record.identifiers()) {
        out.writeUTF(id.kind().name());
        out.write(id.hash());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static IdentityRecord decode(String userId, byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      int version = in.readUnsignedByte();
      if (version != FORMAT_VERSION) {
        throw new StoreException("identity record of " + userId + " has format " + version, null);
      }
      int person = in.readInt();
      int count = in.readUnsignedShort();
      List<PersonIdentifier> identifiers = new ArrayList<>(count);
      byte[] hash = new byte[32];
      for (int i = 0; i < count; i++) {
        IdentityKind kind = IdentityKind.valueOf(in.readUTF());
        in.readFully(hash);
        identifiers.add(new PersonIdentifier(kind, hash));
      }
      return new IdentityRecord(userId, person, identifiers);
    } catch (IOException | IllegalArgumentException e) {
      throw new StoreException("identity record of " + userId + " is unreadable: " + e, e);
    }
  }

  private static byte[] userKey(String userId) {
    byte[] id = userId.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[1 + id.length];
    key[0] = USER;
    System.arraycopy(id, 0, key, 1, id.length);
    return key;
  }

  private static byte[] personKey(int person) {
    return ByteBuffer.allocate(5).put(PERSON).putInt(person).array();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
