package dev.matchlist.server.matching;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.Sha256;
import java.util.List;

/**
 * The kinds of identifier a person is found by, in matching priority order: strong identifiers
 * alone, then combinations of weaker keys. A combination's identifier is the SHA-256 of its
 * components' 32-byte hashes concatenated in the order listed here, so the identity base and an
 * upload row derive the same 32 bytes from the same normalized values.
 *
 * <p>Priority (documented choice): an advertiser's own id first (EXTERN_ID, when the identity base
 * has it), then the identifiers people rarely share (MADID, EMAIL, PHONE), then app- and
 * page-scoped ids, then combinations from the most to the least specific. Only when none of these
 * finds the person does the matcher fall back to the ad account's EXTERN_ID memory (an EXTERN_ID
 * seen within 90 days next to an identifier that did match).
 */
public enum IdentityKind {
  EXTERN_ID(SchemaKey.EXTERN_ID),
  MADID(SchemaKey.MADID),
  EMAIL(SchemaKey.EMAIL),
  PHONE(SchemaKey.PHONE),
  APPUID(SchemaKey.APPUID),
  PAGEUID(SchemaKey.PAGEUID),
  FN_LN_DOB(SchemaKey.FN, SchemaKey.LN, SchemaKey.DOBY, SchemaKey.DOBM, SchemaKey.DOBD),
  FN_LN_ZIP(SchemaKey.FN, SchemaKey.LN, SchemaKey.ZIP),
  FN_LN_CT_ST(SchemaKey.FN, SchemaKey.LN, SchemaKey.CT, SchemaKey.ST);

  private final List<SchemaKey> components;

  IdentityKind(SchemaKey... components) {
    this.components = List.of(components);
  }

  /** The schema keys whose hashes make this identifier (one key for strong identifiers). */
  public List<SchemaKey> components() {
    return components;
  }

  public boolean isComposite() {
    return components.size() > 1;
  }

  /**
   * The 32-byte identifier of a combination: SHA-256 over its components' 32-byte hashes, in {@link
   * #components()} order, taken from {@code hashes} (32 bytes each, back to back).
   */
  public byte[] compositeIdentifier(byte[] hashes) {
    if (hashes.length != 32 * components.size()) {
      throw new IllegalArgumentException(
          name() + " takes " + components.size() + " hashes, got " + hashes.length + " bytes");
    }
    return Sha256.digest(hashes);
  }
}
