package dev.matchlist.core.columns;

import static dev.matchlist.core.SchemaKey.COUNTRY;
import static dev.matchlist.core.SchemaKey.CT;
import static dev.matchlist.core.SchemaKey.DOBD;
import static dev.matchlist.core.SchemaKey.DOBM;
import static dev.matchlist.core.SchemaKey.DOBY;
import static dev.matchlist.core.SchemaKey.EMAIL;
import static dev.matchlist.core.SchemaKey.EXTERN_ID;
import static dev.matchlist.core.SchemaKey.FI;
import static dev.matchlist.core.SchemaKey.FN;
import static dev.matchlist.core.SchemaKey.GEN;
import static dev.matchlist.core.SchemaKey.LN;
import static dev.matchlist.core.SchemaKey.LOOKALIKE_VALUE;
import static dev.matchlist.core.SchemaKey.MADID;
import static dev.matchlist.core.SchemaKey.PHONE;
import static dev.matchlist.core.SchemaKey.ST;
import static dev.matchlist.core.SchemaKey.ZIP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.columns.ColumnMapping.IgnoredColumn;
import dev.matchlist.core.columns.ColumnMapping.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnMappingTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "email, EMAIL",
    "E-Mail, EMAIL",
    "Email Address, EMAIL",
    "email_address, EMAIL",
    "EMAIL_SHA256, EMAIL",
    "phone, PHONE",
    "Phone Number, PHONE",
    "MOBILE, PHONE",
    "first_name, FN",
    "FirstName, FN",
    "fn, FN",
    "given-name, FN",
    "last_name, LN",
    "Surname, LN",
    "family name, LN",
    "ln, LN",
    "fi, FI",
    "zip, ZIP",
    "ZipCode, ZIP",
    "postal_code, ZIP",
    "Postcode, ZIP",
    "city, CT",
    "ct, CT",
    "state, ST",
    "st, ST",
    "Region, ST",
    "province, ST",
    "country, COUNTRY",
    "Country Code, COUNTRY",
    "gender, GEN",
    "gen, GEN",
    "sex, GEN",
    "doby, DOBY",
    "birth_year, DOBY",
    "dobm, DOBM",
    "dobd, DOBD",
    "madid, MADID",
    "MAID, MADID",
    "idfa, MADID",
    "gaid, MADID",
    "advertising_id, MADID",
    "MOBILE_ADVERTISER_ID, MADID",
    "extern_id, EXTERN_ID",
    "External ID, EXTERN_ID",
    "customer_id, EXTERN_ID",
    "value, LOOKALIKE_VALUE",
    "lookalike_value, LOOKALIKE_VALUE",
    "LTV, LOOKALIKE_VALUE",
    "f5first, F5FIRST",
    "appuid, APPUID",
  })
  void mapsCommonHeaderSpellingsToTheirKey(String header, SchemaKey expected) {
    ColumnMapping mapping = ColumnMapping.of(List.of(header));

    assertThat(mapping.schema()).containsExactly(expected);
    assertThat(mapping.source(expected)).isEqualTo(new Source(0, header));
  }

  @Test
  void keepsTheOrderOfTheColumnsInTheFile() {
    ColumnMapping mapping =
        ColumnMapping.of(
            List.of(
                "ltv",
                "zip",
                "email",
                "phone",
                "fn",
                "ln",
                "fi",
                "ct",
                "st",
                "country",
                "gen",
                "madid",
                "customer_id"));

    assertThat(mapping.schema())
        .containsExactly(
            LOOKALIKE_VALUE, ZIP, EMAIL, PHONE, FN, LN, FI, CT, ST, COUNTRY, GEN, MADID, EXTERN_ID);
  }

  @Test
  void aByteOrderMarkBeforeTheFirstHeaderDoesNotHideIt() {
    ColumnMapping mapping = ColumnMapping.of(List.of("\uFEFFemail", "phone"));

    assertThat(mapping.schema()).containsExactly(EMAIL, PHONE);
  }

  @Test
  void aWholeDateOfBirthColumnFeedsYearMonthAndDay() {
    ColumnMapping mapping = ColumnMapping.of(List.of("email", "Date of Birth"));

    assertThat(mapping.schema()).containsExactly(EMAIL, DOBY, DOBM, DOBD);
    Source dob = new Source(1, "Date of Birth");
    assertThat(List.of(mapping.source(DOBY), mapping.source(DOBM), mapping.source(DOBD)))
        .containsOnly(dob);
  }

  @Test
  void aSeparateBirthYearColumnWinsOverTheYearOfAWholeDate() {
    ColumnMapping mapping = ColumnMapping.of(List.of("birthday", "birth_year"));

    assertThat(mapping.source(DOBY)).isEqualTo(new Source(1, "birth_year"));
    assertThat(mapping.source(DOBM)).isEqualTo(new Source(0, "birthday"));
    assertThat(mapping.ignored()).isEmpty();
  }

  @Test
  void unknownAndBlankHeadersAreReportedAndIgnored() {
    ColumnMapping mapping = ColumnMapping.of(List.of("notes", "email", " "));

    assertThat(mapping.schema()).containsExactly(EMAIL);
    assertThat(mapping.ignored())
        .containsExactly(
            new IgnoredColumn(0, "notes", "unknown column"),
            new IgnoredColumn(2, " ", "blank header"));
  }

  @Test
  void theFirstOfTwoColumnsWithTheSameMeaningWinsAndTheOtherIsReported() {
    ColumnMapping mapping = ColumnMapping.of(List.of("e-mail", "phone", "email_address"));

    assertThat(mapping.schema()).containsExactly(EMAIL, PHONE);
    assertThat(mapping.source(EMAIL).column()).isZero();
    assertThat(mapping.ignored())
        .singleElement()
        .satisfies(
            ignored -> {
              assertThat(ignored.column()).isEqualTo(2);
              assertThat(ignored.reason()).contains("duplicate of EMAIL").contains("\"e-mail\"");
            });
  }

  @Test
  void anOverrideMapsAnUnknownHeader() {
    ColumnMapping mapping =
        ColumnMapping.of(
            List.of("Mail Address", "tel"), Map.of("mail address", "EMAIL", "tel", "phone"));

    assertThat(mapping.schema()).containsExactly(EMAIL, PHONE);
  }

  @Test
  void anOverrideWinsOverAColumnThatWouldOtherwiseMeanTheSameKey() {
    ColumnMapping mapping =
        ColumnMapping.of(List.of("email", "work_email"), Map.of("work_email", "EMAIL"));

    assertThat(mapping.source(EMAIL)).isEqualTo(new Source(1, "work_email"));
    assertThat(mapping.ignored()).extracting(IgnoredColumn::column).containsExactly(0);
  }

  @Test
  void anOverrideCanRedirectAnAmbiguousHeader() {
    // "st" is a state by default; in this file it is the street.
    ColumnMapping mapping =
        ColumnMapping.of(List.of("email", "st", "region"), Map.of("st", ColumnMapping.SKIP));

    assertThat(mapping.schema()).containsExactly(EMAIL, ST);
    assertThat(mapping.source(ST).header()).isEqualTo("region");
    assertThat(mapping.ignored())
        .containsExactly(new IgnoredColumn(1, "st", "skipped by override"));
  }

  @Test
  void anOverrideCanDeclareAWholeDate() {
    ColumnMapping mapping = ColumnMapping.of(List.of("born"), Map.of("born", ColumnMapping.DOB));

    assertThat(mapping.schema()).containsExactly(DOBY, DOBM, DOBD);
  }

  @Test
  void anOverrideOfAHeaderTheFileLacksIsRefused() {
    assertThatThrownBy(() -> ColumnMapping.of(List.of("email"), Map.of("tel", "PHONE")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"tel\"");
  }

  @Test
  void anOverrideToSomethingThatIsNoKeyIsRefused() {
    assertThatThrownBy(() -> ColumnMapping.of(List.of("tel"), Map.of("tel", "TELEPHONE_NR")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TELEPHONE_NR")
        .hasMessageContaining("EMAIL");
  }

  @Test
  void twoOverridesToTheSameKeyKeepTheFirstColumn() {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("b", "EMAIL");
    overrides.put("a", "EMAIL");

    ColumnMapping mapping = ColumnMapping.of(List.of("a", "b"), overrides);

    assertThat(mapping.source(EMAIL).header()).isEqualTo("a");
  }

  @Test
  void sourcesFollowTheSchemaOrder() {
    ColumnMapping mapping = ColumnMapping.of(List.of("phone", "x", "email"));

    assertThat(mapping.sources()).extracting(Source::column).containsExactly(0, 2);
    assertThat(mapping.columnCount()).isEqualTo(3);
  }

  @Test
  void askingForAKeyOutsideTheSchemaIsAnError() {
    ColumnMapping mapping = ColumnMapping.of(List.of("email"));

    assertThatThrownBy(() -> mapping.source(PHONE)).isInstanceOf(IllegalArgumentException.class);
  }
}
