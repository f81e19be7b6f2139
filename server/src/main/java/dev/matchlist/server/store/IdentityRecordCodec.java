package dev.matchlist.server.store;

import dev.matchlist.server.matching.IdentifierChunk;
import dev.matchlist.server.matching.IdentityKind;
import dev.matchlist.server.matching.IdentityRecord;
import dev.matchlist.server.matching.PersonIdentifier;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes of a stored identity record. Format 3 (written now, stored under its person): version
 * byte, user id length (unsigned short) and UTF-8 bytes, identifier count (unsigned short), then
 * per identifier its kind code ({@link #KIND_CODES}) and 32 bytes. Formats 1 and 2 (stored under
 * the user id, read only to migrate them): version byte, person int, count, then per identifier the
 * kind — its name in modified UTF-8 (1) or its code (2) — and 32 bytes.
 */
final class IdentityRecordCodec {
  static final int FORMAT_NAMED_KINDS = 1;
  static final int FORMAT_KIND_CODES = 2;
  static final int FORMAT_BY_PERSON = 3;

  private static final int IDENTIFIER_BYTES = 33;

  /** On-disk kind codes (formats 2 and 3): append only. */
  private static final IdentityKind[] KIND_CODES = {
    IdentityKind.EXTERN_ID,
    IdentityKind.MADID,
    IdentityKind.EMAIL,
    IdentityKind.PHONE,
    IdentityKind.APPUID,
    IdentityKind.PAGEUID,
    IdentityKind.FN_LN_DOB,
    IdentityKind.FN_LN_ZIP,
    IdentityKind.FN_LN_CT_ST,
  };

  private static final byte[] CODE_OF_KIND = codeOfKind();

  private IdentityRecordCodec() {}

  /** {@code record} in format 3 (its person is the key, not part of the value). */
  static byte[] encode(IdentityRecord record) {
    List<PersonIdentifier> ids = record.identifiers();
    byte[] userId = record.userId().getBytes(StandardCharsets.UTF_8);
    if (ids.size() > 0xFFFF) {
      throw new IllegalArgumentException(
          "user " + record.userId() + " has more than 65535 identifiers");
    }
    if (userId.length > 0xFFFF) {
      throw new IllegalArgumentException("a user id is longer than 65535 bytes");
    }
    ByteBuffer out = ByteBuffer.allocate(5 + userId.length + IDENTIFIER_BYTES * ids.size());
    out.put((byte) FORMAT_BY_PERSON).putShort((short) userId.length).put(userId);
    out.putShort((short) ids.size());
    for (PersonIdentifier id : ids) {
      out.put(CODE_OF_KIND[id.kind().ordinal()]).put(id.hash());
    }
    return out.array();
  }

  /** The user id of a format-3 value. */
  static String userId(int person, byte[] value) {
    return new String(value, 3, userIdLength(person, value), StandardCharsets.UTF_8);
  }

  /** A format-3 value of {@code person} as a record. */
  static IdentityRecord decode(int person, byte[] value) {
    int at = identifiersAt(person, value);
    int count = (value.length - at) / IDENTIFIER_BYTES;
    List<PersonIdentifier> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++, at += IDENTIFIER_BYTES) {
      ids.add(
          new PersonIdentifier(
              kindOf(value[at]), Arrays.copyOfRange(value, at + 1, at + IDENTIFIER_BYTES)));
    }
    return new IdentityRecord(userId(person, value), person, ids);
  }

  /** Appends the identifiers of a format-3 value to {@code chunk}, without objects per entry. */
  static void decodeInto(int person, byte[] value, IdentifierChunk chunk) {
    for (int at = identifiersAt(person, value); at < value.length; at += IDENTIFIER_BYTES) {
      chunk.add(kindOf(value[at]), value, at + 1, person);
    }
  }

  /** A format-1 or format-2 value stored under {@code userId}, as a record. */
  static IdentityRecord decodeFormerFormat(String userId, byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      int version = in.readUnsignedByte();
      if (version != FORMAT_NAMED_KINDS && version != FORMAT_KIND_CODES) {
        throw new StoreException("identity record of " + userId + " has format " + version, null);
      }
      int person = in.readInt();
      int count = in.readUnsignedShort();
      List<PersonIdentifier> identifiers = new ArrayList<>(count);
      byte[] hash = new byte[32];
      for (int i = 0; i < count; i++) {
        IdentityKind kind =
            version == FORMAT_KIND_CODES
                ? kindOf(in.readByte())
                : IdentityKind.valueOf(in.readUTF());
        in.readFully(hash);
        identifiers.add(new PersonIdentifier(kind, hash));
      }
      return new IdentityRecord(userId, person, identifiers);
    } catch (IOException | IllegalArgumentException e) {
      throw new StoreException("identity record of " + userId + " is unreadable: " + e, e);
    }
  }

  private static int userIdLength(int person, byte[] value) {
    if (value.length < 5 || value[0] != FORMAT_BY_PERSON) {
      throw unreadable(person);
    }
    return ((value[1] & 0xFF) << 8) | (value[2] & 0xFF);
  }

  /** Where the identifiers of a format-3 value start, after checking its length adds up. */
  private static int identifiersAt(int person, byte[] value) {
    int countAt = 3 + userIdLength(person, value);
    if (value.length < countAt + 2) {
      throw unreadable(person);
    }
    int count = ((value[countAt] & 0xFF) << 8) | (value[countAt + 1] & 0xFF);
    int at = countAt + 2;
    if (value.length != at + IDENTIFIER_BYTES * count) {
      throw unreadable(person);
    }
    return at;
  }

  private static StoreException unreadable(int person) {
    return new StoreException("identity record of person " + person + " is unreadable", null);
  }

  private static IdentityKind kindOf(byte code) {
    if (code < 0 || code >= KIND_CODES.length) {
      throw new StoreException("unknown identifier kind code " + code, null);
    }
    return KIND_CODES[code];
  }

  private static byte[] codeOfKind() {
    byte[] codes = new byte[IdentityKind.values().length];
    Arrays.fill(codes, (byte) -1);
    for (int code = 0; code < KIND_CODES.length; code++) {
      codes[KIND_CODES[code].ordinal()] = (byte) code;
    }
    for (IdentityKind kind : IdentityKind.values()) {
      if (codes[kind.ordinal()] < 0) {
        throw new IllegalStateException(kind + " has no on-disk code");
      }
    }
    return codes;
  }
}
