package dev.matchlist.server.audiences;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.matchlist.server.store.Catalog;
import org.junit.jupiter.api.Test;

class AudienceFieldsTest {
  private static final Catalog.Audience AUDIENCE =
      new Catalog.Audience(
          "1234567890123456",
          new Catalog.AudienceSpec(
              "555", "VIPs", "best customers", "CUSTOM", "USER_PROVIDED_ONLY", true, 30, ""),
          1_700_000_000L,
          1_700_000_100L,
          0,
          "");

  @Test
  void withoutFieldsOnlyTheIdComesBack() {
    ObjectNode json = AudienceFields.render(AUDIENCE, AudienceState.noUploadYet(), null);
    assertThat(json.toString()).isEqualTo("{\"id\":\"1234567890123456\"}");
  }

  @Test
  void fieldsComeBackInTheOrderAskedWithGraphTypes() {
    ObjectNode json =
        AudienceFields.render(
            AUDIENCE,
            new AudienceState(1000, 1200, 200, 200),
            "name,approximate_count_lower_bound,operation_status,account_id,is_value_based,time_created");

    assertThat(json.toString())
        .isEqualTo(
            "{\"id\":\"1234567890123456\",\"name\":\"VIPs\",\"approximate_count_lower_bound\":1000,"
                + "\"operation_status\":{\"code\":200,\"description\":\"Normal\"},"
                + "\"account_id\":\"555\",\"is_value_based\":true,\"time_created\":1700000000}");
  }

  @Test
  void unknownFieldsAreLeftOutNotRefused() {
    ObjectNode json =
        AudienceFields.render(
            AUDIENCE, AudienceState.noUploadYet(), "id,rule,pixel_id,name,household_audience");
    assertThat(json.fieldNames()).toIterable().containsExactly("id", "name");
  }

  @Test
  void subSelectionsReturnTheWholeField() {
    ObjectNode json =
        AudienceFields.render(AUDIENCE, AudienceState.noUploadYet(), "delivery_status{code},name");
    assertThat(json.get("delivery_status").get("code").asInt()).isEqualTo(300);
    assertThat(json.get("delivery_status").get("description").asText()).contains("too small");
    assertThat(json.get("name").asText()).isEqualTo("VIPs");
  }

  @Test
  void dataSourceIsUnknownUntilTheFirstUploadFixesIt() {
    assertThat(
            AudienceFields.render(AUDIENCE, AudienceState.noUploadYet(), "data_source")
                .get("data_source")
                .toString())
        .isEqualTo("{\"type\":\"UNKNOWN\",\"sub_type\":\"ANYTHING\",\"creation_params\":\"[]\"}");

    Catalog.Audience uploaded =
        AUDIENCE.withDataSource("FILE_IMPORTED.MULTI_HASHES", 1_700_000_200L);
    ObjectNode json = AudienceFields.render(uploaded, AudienceState.noUploadYet(), "data_source");
    assertThat(json.get("data_source").get("type").asText()).isEqualTo("FILE_IMPORTED");
    assertThat(json.get("data_source").get("sub_type").asText()).isEqualTo("MULTI_HASHES");
  }

  @Test
  void requestedNamesSkipBracesAndDuplicates() {
    assertThat(AudienceFields.requested("id, name ,operation_status{code,description},name,"))
        .containsExactly("id", "name", "operation_status");
  }
}
