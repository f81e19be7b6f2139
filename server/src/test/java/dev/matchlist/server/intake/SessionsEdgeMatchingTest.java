package dev.matchlist.server.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sessions edge as matching progresses, with the progress fed in by the test. */
class SessionsEdgeMatchingTest extends UploadsTestBase {

  private JsonNode onlySession(String query) throws Exception {
    HttpResponse<String> response =
        send(
            "GET",
            "/v21.0/" + multiKey.id() + "/sessions?access_token=" + token + query,
            null,
            null);
    return ok(response).get("data").get(0);
  }

  private static SessionMatching.Progress progress(long applied, long matched) {
    return new SessionMatching.Progress(applied, matched, 50, Map.of("EMAIL", matched));
  }

  @Test
  void aClosedSessionIsProcessingUntilEveryReceivedRowIsApplied() throws Exception {
    ok(addBatch(multiKey.id(), emailRows(hashes("a", 3)), 71, 1, false));
    ok(addBatch(multiKey.id(), emailRows(hashes("b", 1)), 71, 2, true));
    fixture.progress.put(71L, progress(3, 2));

    JsonNode session = onlySession("");

    assertThat(session.get("stage").asText()).isEqualTo("processing");
    assertThat(session.get("progress").asText()).isEqualTo("75");
    assertThat(session.get("num_matched").asText()).isEqualTo("2");
  }

  @Test
  void aClosedSessionWithEveryRowAppliedIsFinished() throws Exception {
    ok(addBatch(multiKey.id(), emailRows(hashes("a", 4)), 72, 1, true));
    fixture.progress.put(72L, progress(4, 3));

    JsonNode session = onlySession("");

    assertThat(session.get("stage").asText()).isEqualTo("finished");
    assertThat(session.get("progress").asText()).isEqualTo("100");
    assertThat(session.get("num_matched").asText()).isEqualTo("3");
  }

  @Test
  void anOpenSessionStaysUploadingEvenWhenCaughtUp() throws Exception {
    ok(addBatch(multiKey.id(), emailRows(hashes("a", 2)), 73, 1, false));
    fixture.progress.put(73L, progress(2, 1));

    assertThat(onlySession("").get("stage").asText()).isEqualTo("uploading");
  }

  @Test
  void aSessionClosedByItsWindowEndsAsTimeoutOnceApplied() throws Exception {
    ok(addBatch(multiKey.id(), emailRows(hashes("a", 2)), 74, 1, false));
    fixture.progress.put(74L, progress(2, 2));
    clock.advance(Duration.ofMinutes(91));

    assertThat(onlySession("").get("stage").asText()).isEqualTo("timeout");
  }

  @Test
  void noAppliedBatchMeansZeroMatchedAndZeroProgress() throws Exception {
    ok(addBatch(multiKey.id(), emailRows(hashes("a", 2)), 75, 1, true));

    JsonNode session = onlySession("");

    assertThat(session.get("num_matched").asText()).isEqualTo("0");
    assertThat(session.get("progress").asText()).isEqualTo("0");
    assertThat(session.get("stage").asText()).isEqualTo("processing");
  }

  @Test
  void theMatchReportComesOnlyWhenAskedForAndHoldsTotalsPerKey() throws Exception {
    ok(addBatch(multiKey.id(), emailRows(hashes("a", 10)), 76, 1, true));
    fixture.progress.put(
        76L, new SessionMatching.Progress(10, 7, 70, Map.of("EMAIL", 5L, "PHONE", 2L)));

    JsonNode plain = onlySession("");
    JsonNode withReport = onlySession("&fields=session_id,match_report");

    assertThat(plain.has("match_report")).isFalse();
    JsonNode report = withReport.get("match_report");
    assertThat(report.get("matched_share_bucket").asInt()).isEqualTo(70);
    assertThat(report.get("matched_by_key").get("EMAIL").asLong()).isEqualTo(5);
    assertThat(report.get("matched_by_key").get("PHONE").asLong()).isEqualTo(2);
    assertThat(report.fieldNames())
        .toIterable()
        .containsExactly("matched_share_bucket", "matched_by_key");
  }

  @Test
  void everyNewlyStoredBatchIsReportedOnceAndAReSendIsNot() throws Exception {
    ok(addBatch(multiKey.id(), emailRows(hashes("a", 2)), 77, 1, false));
    ok(addBatch(multiKey.id(), emailRows(hashes("a", 2)), 77, 1, false));
    ok(addBatch(multiKey.id(), emailRows(hashes("b", 2)), 77, 2, true));

    assertThat(fixture.acceptedBatches.get()).isEqualTo(2);
  }
}
