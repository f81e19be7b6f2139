package dev.matchlist.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.payload.InvalidEntry;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The typed users calls check a batch with core's payload validation, the server's own, before
 * sending it: what the server would refuse whole is never sent; invalid cells are sent and counted
 * by the host, and {@link UsersBatch#preflight()} shows them first.
 */
class UsersBatchPreflightTest {
  private static final String HASH = "0123456789abcdef".repeat(4);

  private FakeGraph graph;
  private UsersEdge edge;

  @BeforeEach
  void start() throws Exception {
    graph = new FakeGraph();
    edge = new UsersEdge();
    graph.otherwise(edge);
  }

  @AfterEach
  void stop() {
    graph.close();
  }

  private GraphClient client(UsersBodyEncoding encoding) {
    return GraphClient.builder()
        .baseUrl(graph.baseUrl())
        .accessToken("tok")
        .usersBodyEncoding(encoding)
        .sleeper(new RecordingSleeper())
        .build();
  }

  @ParameterizedTest
  @EnumSource(UsersBodyEncoding.class)
  void aBatchNamingAKeyTwiceIsRefusedWithCoresMessageAndNothingIsSent(UsersBodyEncoding encoding) {
    UsersBatch batch =
        UsersBatch.of(
            List.of(SchemaKey.EMAIL, SchemaKey.PHONE, SchemaKey.EMAIL),
            List.<String[]>of(new String[] {HASH, HASH, HASH}));

    assertThatThrownBy(batch::preflight)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema names EMAIL twice");
    GraphClient client = client(encoding);
    assertThatThrownBy(() -> client.addUsers("55", batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema names EMAIL twice");
    assertThatThrownBy(() -> client.removeUsers("55", batch))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                client.replaceUsers(
                    "55", UsersBatch.of(batch.schema(), batch.rows(), new Session(7, 1, true, 0))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(graph.requests()).isEmpty();
  }

  @Test
  void aBatchWithoutRowsIsRefusedBeforeSending() {
    UsersBatch empty = UsersBatch.of(List.of(SchemaKey.EMAIL), List.of());

    assertThatThrownBy(() -> client(UsersBodyEncoding.JSON).addUsers("55", empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("data");
    assertThat(graph.requests()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(UsersBodyEncoding.class)
  void aBadHashIsReportedByPreflightAndStillSent(UsersBodyEncoding encoding) {
    UsersBatch batch =
        UsersBatch.of(
            List.of(SchemaKey.EMAIL, SchemaKey.EXTERN_ID),
            List.<String[]>of(
                new String[] {HASH, "crm-1"},
                new String[] {"mary@example.com", "crm-2"},
                new String[] {"", "crm-3"}));

    UsersBatch.Preflight preflight = batch.preflight();

    assertThat(preflight.rows()).isEqualTo(3);
    assertThat(preflight.invalidEntries()).isEqualTo(1);
    assertThat(preflight.invalidSamples()).hasSize(1);
    InvalidEntry sample = preflight.invalidSamples().get(0);
    assertThat(sample.row()).isEqualTo(1);
    assertThat(sample.key()).isEqualTo(SchemaKey.EMAIL);
    assertThat(sample.value()).isEqualTo("mary@example.com");
    assertThat(sample.reason()).isNotBlank();

    client(encoding).addUsers("55", batch);

    UsersEdge.Batch sent = edge.batches().get(0);
    assertThat(sent.rows()).isEqualTo(3);
    assertThat(sent.payload().get("data").get(1).get(0).asText()).isEqualTo("mary@example.com");
  }

  @Test
  void aValidBatchPreflightsClean() {
    UsersBatch batch =
        UsersBatch.of(List.of(SchemaKey.EMAIL), List.<String[]>of(new String[] {HASH}));

    assertThat(batch.preflight()).isEqualTo(new UsersBatch.Preflight(1, 0, List.of()));
  }
}
