package dev.matchlist.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.core.SchemaKey.CellKind;
import dev.matchlist.core.SchemaKey.Strength;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The schema keys of spec §1.3 and their traits, pinned against the spec's own lists. */
class SchemaKeyTest {
  /** Spec §1.3: the documented multi-key names, then the ones used in practice. */
  private static final List<String> MULTI_KEY_NAMES =
      List.of(
          "EXTERN_ID",
          "EMAIL",
          "PHONE",
          "GEN",
          "DOBY",
          "DOBM",
          "DOBD",
          "LN",
          "FN",
          "FI",
          "CT",
          "ST",
          "ZIP",
          "MADID",
          "COUNTRY",
          "LOOKALIKE_VALUE",
          "APPUID",
          "PAGEUID",
          "F5FIRST",
          "F5LAST",
          "DATA_PROCESSING_OPTIONS",
          "DATA_PROCESSING_OPTIONS_COUNTRY",
          "DATA_PROCESSING_OPTIONS_STATE");

  /** Spec §2.1: never hashed by the advertiser. */
  private static final Set<SchemaKey> SENT_CLEAR =
      EnumSet.of(
          SchemaKey.EXTERN_ID,
          SchemaKey.MADID,
          SchemaKey.APPUID,
          SchemaKey.PAGEUID,
          SchemaKey.LOOKALIKE_VALUE,
          SchemaKey.DATA_PROCESSING_OPTIONS,
          SchemaKey.DATA_PROCESSING_OPTIONS_COUNTRY,
          SchemaKey.DATA_PROCESSING_OPTIONS_STATE);

  @Test
  void everyNameOfTheSpecIsAKeyAndThereAreNoOthers() {
    assertThat(MULTI_KEY_NAMES)
        .allSatisfy(name -> assertThat(SchemaKey.fromWireName(name)).get().hasToString(name));
    assertThat(Arrays.stream(SchemaKey.values()).map(SchemaKey::name))
        .containsExactlyInAnyOrderElementsOf(MULTI_KEY_NAMES);
  }

  @Test
  void legacySingleKeyNamesAreAliasesOfTheirMultiKeyName() {
    assertThat(SchemaKey.fromWireName("EMAIL_SHA256")).contains(SchemaKey.EMAIL);
    assertThat(SchemaKey.fromWireName("PHONE_SHA256")).contains(SchemaKey.PHONE);
    assertThat(SchemaKey.fromWireName("MOBILE_ADVERTISER_ID")).contains(SchemaKey.MADID);
    assertThat(SchemaKey.fromWireName("UID")).contains(SchemaKey.APPUID);
    assertThat(SchemaKey.EMAIL.aliases()).containsExactly("EMAIL_SHA256");
  }

  @Test
  void wireNamesAreCaseSensitiveButHumanInputIsNot() {
    assertThat(SchemaKey.fromWireName("email")).isEmpty();
    assertThat(SchemaKey.fromWireName("EMAIL_MD5")).isEmpty();
    assertThat(SchemaKey.fromLenientName(" email_sha256 ")).contains(SchemaKey.EMAIL);
  }

  @Test
  void keysTheSpecSendsClearAreNotHashedAndEveryOtherKeyIs() {
    Set<SchemaKey> hashed =
        Arrays.stream(SchemaKey.values())
            .filter(SchemaKey::isHashed)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(SchemaKey.class)));

    assertThat(hashed).doesNotContainAnyElementsOf(SENT_CLEAR);
    assertThat(hashed.size() + SENT_CLEAR.size()).isEqualTo(SchemaKey.values().length);
  }

  @Test
  void strongIdentifiersStandAloneNamesAndPlacesOnlyCombine() {
    assertThat(keysOf(Strength.STRONG))
        .containsExactlyInAnyOrder(
            SchemaKey.EXTERN_ID,
            SchemaKey.EMAIL,
            SchemaKey.PHONE,
            SchemaKey.MADID,
            SchemaKey.APPUID,
            SchemaKey.PAGEUID);
    assertThat(keysOf(Strength.NONE))
        .containsExactlyInAnyOrder(
            SchemaKey.LOOKALIKE_VALUE,
            SchemaKey.DATA_PROCESSING_OPTIONS,
            SchemaKey.DATA_PROCESSING_OPTIONS_COUNTRY,
            SchemaKey.DATA_PROCESSING_OPTIONS_STATE);
    assertThat(keysOf(Strength.PART)).allMatch(SchemaKey::isHashed);
  }

  @Test
  void identifiersAreTheHashedAndClearIdKeysAndValuesAreNot() {
    assertThat(SchemaKey.MADID.cellKind()).isEqualTo(CellKind.CLEAR_ID);
    assertThat(SchemaKey.MADID.isIdentifier()).isTrue();
    assertThat(SchemaKey.LOOKALIKE_VALUE.cellKind()).isEqualTo(CellKind.NUMBER);
    assertThat(SchemaKey.DATA_PROCESSING_OPTIONS.cellKind()).isEqualTo(CellKind.OPTIONS);
    assertThat(SchemaKey.DATA_PROCESSING_OPTIONS_STATE.cellKind()).isEqualTo(CellKind.INTEGER);
    assertThat(keysOf(Strength.NONE)).noneMatch(SchemaKey::isIdentifier);
  }

  private static Set<SchemaKey> keysOf(Strength strength) {
    return Arrays.stream(SchemaKey.values())
        .filter(k -> k.strength() == strength)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(SchemaKey.class)));
  }
}
