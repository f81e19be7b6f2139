package dev.matchlist.server.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.matchlist.core.Hex;
import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.Sha256;
import dev.matchlist.core.normalize.Normalizer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PersonRowTest {
  private final Normalizer normalizer = Normalizer.builder().defaultRegion("US").build();

  @Test
  void rawEmailAndPhoneAreNormalizedAndHashedAsOnTheWire() {
    PersonRow row =
        PersonRow.of(
            "u1", Map.of(SchemaKey.EMAIL, " Mary@Example.COM ", SchemaKey.PHONE, "(555) 987-6543"));

    assertThat(row.identifiers(normalizer).identifiers())
        .containsExactly(
            new PersonIdentifier(IdentityKind.EMAIL, Sha256.digest("mary@example.com")),
            new PersonIdentifier(IdentityKind.PHONE, Sha256.digest("15559876543")));
  }

  @Test
  void clearIdsAreHashedAfterNormalizingLikeAnUploadRow() {
    PersonRow row =
        PersonRow.of("u1", Map.of(SchemaKey.MADID, "AAAAAAAA-1111-2222-3333-BBBBBBBBBBBB"));

    assertThat(row.identifiers(normalizer).identifiers())
        .containsExactly(
            new PersonIdentifier(
                IdentityKind.MADID, Sha256.digest("aaaaaaaa-1111-2222-3333-bbbbbbbbbbbb")));
  }

  @Test
  void aCombinationAppearsOnlyWhenAllItsComponentsArePresent() {
    PersonRow partial = PersonRow.of("u1", Map.of(SchemaKey.FN, "Mary", SchemaKey.LN, "Smith"));
    PersonRow full =
        PersonRow.of(
            "u1", Map.of(SchemaKey.FN, "Mary", SchemaKey.LN, "Smith", SchemaKey.ZIP, "02134"));

    assertThat(partial.identifiers(normalizer).identifiers()).isEmpty();
    byte[] components = new byte[96];
    System.arraycopy(Sha256.digest("mary"), 0, components, 0, 32);
    System.arraycopy(Sha256.digest("smith"), 0, components, 32, 32);
    System.arraycopy(Sha256.digest("02134"), 0, components, 64, 32);
    assertThat(full.identifiers(normalizer).identifiers())
        .containsExactly(
            new PersonIdentifier(
                IdentityKind.FN_LN_ZIP, IdentityKind.FN_LN_ZIP.compositeIdentifier(components)));
  }

  @Test
  void alreadyHashedValuesPassThroughWhetherHexOrBytes() {
    String emailHex = Sha256.hex("mary@example.com");
    byte[] phoneHash = Sha256.digest("15559876543");
    PersonRow row =
        new PersonRow(
            "u1",
            Map.of(SchemaKey.EMAIL, emailHex.toUpperCase()),
            Map.of(SchemaKey.PHONE, phoneHash));

    assertThat(row.identifiers(normalizer).identifiers())
        .containsExactly(
            new PersonIdentifier(IdentityKind.EMAIL, Hex.decodeSha256(emailHex)),
            new PersonIdentifier(IdentityKind.PHONE, phoneHash));
  }

  @Test
  void anUnusableValueIsReportedAndLeftOut() {
    PersonRow row =
        PersonRow.of("u1", Map.of(SchemaKey.EMAIL, "not an email", SchemaKey.PHONE, "5559876543"));

    PersonRow.Identifiers result = row.identifiers(normalizer);

    assertThat(result.identifiers())
        .extracting(PersonIdentifier::kind)
        .containsExactly(IdentityKind.PHONE);
    assertThat(result.rejected()).containsOnlyKeys(SchemaKey.EMAIL);
  }

  @Test
  void aLongRawEmailIsNormalizedAndHashedNotTakenForAHash() {
    String local = "a".repeat(70);
    PersonRow row = PersonRow.of("u1", Map.of(SchemaKey.EMAIL, " " + local + "@Example.com"));

    assertThat(row.identifiers(normalizer).identifiers())
        .containsExactly(
            new PersonIdentifier(IdentityKind.EMAIL, Sha256.digest(local + "@example.com")));
  }

  @Test
  void anUppercaseHexHashWithSurroundingBlanksPassesThroughUnhashed() {
    String hex = Sha256.hex("mary@example.com");
    PersonRow row = PersonRow.of("u1", Map.of(SchemaKey.EMAIL, "  " + hex.toUpperCase() + " "));

    assertThat(row.identifiers(normalizer).identifiers())
        .containsExactly(new PersonIdentifier(IdentityKind.EMAIL, Hex.decodeSha256(hex)));
  }

  @Test
  void aHashOfTheEmptyValueCountsAsAbsentAndBreaksNoCombination() {
    byte[] blank = Sha256.digest("");
    PersonRow row =
        new PersonRow(
            "u1",
            Map.of(
                SchemaKey.EMAIL, Sha256.hex(""),
                SchemaKey.FN, "Mary",
                SchemaKey.LN, "Smith",
                SchemaKey.ZIP, "94107"),
            Map.of(SchemaKey.PHONE, blank, SchemaKey.CT, blank, SchemaKey.ST, blank));

    assertThat(row.identifiers(normalizer).identifiers())
        .extracting(PersonIdentifier::kind)
        .containsExactly(IdentityKind.FN_LN_ZIP);
  }

  @Test
  void aRowKeepsACopyOfItsRawValuesAndRefusesANullOne() {
    Map<SchemaKey, String> raw = new EnumMap<>(SchemaKey.class);
    raw.put(SchemaKey.EMAIL, "mary@example.com");
    PersonRow row = PersonRow.of("u1", raw);
    raw.put(SchemaKey.PHONE, "5559876543");

    assertThat(row.raw()).containsOnlyKeys(SchemaKey.EMAIL);
    assertThatThrownBy(() -> row.raw().put(SchemaKey.FN, "Mary"))
        .isInstanceOf(UnsupportedOperationException.class);
    Map<SchemaKey, String> withNull = new HashMap<>();
    withNull.put(SchemaKey.EMAIL, null);
    raw.put(SchemaKey.FN, null);
    assertThatThrownBy(() -> PersonRow.of("u1", withNull)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PersonRow.of("u1", raw)).isInstanceOf(NullPointerException.class);
  }
}
