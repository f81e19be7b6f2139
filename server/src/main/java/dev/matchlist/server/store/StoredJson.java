package dev.matchlist.server.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The JSON form of small stored records (catalog, sessions). Unknown properties are ignored on
 * read, so a newer version can add fields that an older one still reads.
 */
final class StoredJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private StoredJson() {}

  static byte[] write(Object record) {
    try {
      return JSON.writeValueAsBytes(record);
    } catch (IOException e) {
      throw new IllegalStateException("stored records are plain records", e);
    }
  }

  static <T> T read(byte[] json, Class<T> type, String what) {
    try {
      return JSON.readValue(json, type);
    } catch (IOException e) {
      throw new StoreException(what + " unreadable: " + e.getMessage(), e);
    }
  }
}
