package dev.matchlist.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.payload.PayloadParser;
import dev.matchlist.core.payload.ValidatedPayload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the uploader sends passes the payload validation Matchlist's server runs ({@code core}'s
 * {@link PayloadParser}): the same parser that answers {@code num_invalid_entries}.
 */
class PayloadAcceptedByCoreParserTest {
  private FakeGraph graph;

  @BeforeEach
  void start() throws Exception {
    graph = new FakeGraph();
    graph.otherwise(new UsersEdge());
  }

  @AfterEach
  void stop() {
    graph.close();
  }

  @Test
  void everyBatchOfAMixedSchemaIsValidForTheServersParser() throws Exception {
    List<SchemaKey> schema =
        List.of(
            SchemaKey.EMAIL,
            SchemaKey.PHONE,
            SchemaKey.FN,
            SchemaKey.EXTERN_ID,
            SchemaKey.MADID,
            SchemaKey.LOOKALIKE_VALUE,
            SchemaKey.DATA_PROCESSING_OPTIONS,
            SchemaKey.DATA_PROCESSING_OPTIONS_COUNTRY,
            SchemaKey.DATA_PROCESSING_OPTIONS_STATE);
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      rows.add(
          List.of(
              i % 7 == 0 ? "" : "Person" + i + "@Example.com",
              "+1 555 01" + String.format("%05d", i),
              i % 3 == 0 ? "Zoë" : "",
              "crm-" + i + (i % 11 == 0 ? " \"quoted\" & more" : ""),
              i % 5 == 0 ? "6D92078A-8246-4BA4-AE5B-76104861E7DC" : "",
              i % 2 == 0 ? "12.5" : "",
              i % 4 == 0 ? "LDU" : "[]",
              i % 4 == 0 ? "1" : "0",
              i % 4 == 0 ? "1000" : "0"));
    }
    GraphClient client = GraphClient.builder().baseUrl(graph.baseUrl()).accessToken("t").build();

    Uploader.builder(client)
        .audienceId("55")
        .batchRows(1_000)
        .build()
        .upload(CustomerRecords.of(schema, rows.iterator()));

    PayloadParser parser = new PayloadParser();
    int total = 0;
    for (FakeGraph.Request request : graph.requests()) {
      ValidatedPayload payload = parser.parse(request.params().get("payload"));
      assertThat(payload.invalidEntries()).isZero();
      assertThat(payload.schema()).isEqualTo(schema);
      assertThat(payload.schemaForm()).isEqualTo(ValidatedPayload.SchemaForm.KEY_ARRAY);
      assertThat(payload.isRaw()).isTrue();
      assertThat(payload.rows().number(payload.rows().columnOf(SchemaKey.LOOKALIKE_VALUE), 0))
          .isEqualTo(12.5);
      total += payload.rowsReceived();
    }
    assertThat(total).isEqualTo(2_500);
  }
}
