package dev.matchlist.server.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Sessions across batches: counts, re-sends, closing, replace rules, the sessions edge. */
class UploadSessionsTest extends UploadsTestBase {

  private HttpResponse<String> sessions(String audienceId, String query) throws Exception {
    return send(
        "GET", "/v21.0/" + audienceId + "/sessions?access_token=" + token + query, null, null);
  }

  @Test
  void numReceivedIsCumulativeOverAThreeBatchSession() throws Exception {
    List<Integer> answers = new ArrayList<>();
    answers.add(
        ok(addBatch(multiKey.id(), emailRows(hashes("a", 3)), 555, 1, false))
            .get("num_received")
            .asInt());
    answers.add(
        ok(addBatch(multiKey.id(), emailRows(hashes("b", 5)), 555, 2, false))
            .get("num_received")
            .asInt());
    answers.add(
        ok(addBatch(multiKey.id(), emailRows(hashes("c", 2)), 555, 3, true))
            .get("num_received")
            .asInt());

    assertThat(answers).containsExactly(3, 8, 10);
    assertThat(fixture.storedBatches()).extracting(IntakeBatch::batchSeq).containsExactly(1, 2, 3);
  }

  @Test
  void aResentBatchGetsTheSameAnswerAndIsStoredOnce() throws Exception {
    ok(addBatch(multiKey.id(), emailRows(hashes("a", 3)), 901, 1, false));
    JsonNode first = ok(addBatch(multiKey.id(), emailRows(hashes("b", 4)), 901, 2, false));
    ok(addBatch(multiKey.id(), emailRows(hashes("c", 1)), 901, 3, false));

    JsonNode again = ok(addBatch(multiKey.id(), emailRows(hashes("b", 4)), 901, 2, false));

    assertThat(again).isEqualTo(first);
    assertThat(again.get("num_received").asInt()).isEqualTo(7);
    assertThat(fixture.storedBatches()).extracting(IntakeBatch::batchSeq).containsExactly(1, 2, 3);
  }

  @Test
  void aBatchAfterTheLastBatchIs2650Subcode1870159() throws Exception {
    ok(addBatch(multiKey.id(), emailRows(hashes("a", 1)), 42, 1, true));

    JsonNode error = error(addBatch(multiKey.id(), emailRows(hashes("b", 1)), 42, 2, false));

    assertThat(error.get("code").asInt()).isEqualTo(2650);
    assertThat(error.get("error_subcode").asInt()).isEqualTo(1870159);
    assertThat(error.get("message").asText())
        .startsWith("(#2650) Failed to update the custom audience: ")
        .contains("42");
    assertThat(fixture.storedBatches()).hasSize(1);
  }

  @Test
  void aSessionTakesNoBatchNinetyMinutesAfterItsFirstAndShowsAsClosed() throws Exception {
    ok(addBatch(multiKey.id(), emailRows(hashes("a", 2)), 77, 1, false));
    clock.advance(Duration.ofMinutes(89));
    ok(addBatch(multiKey.id(), emailRows(hashes("b", 1)), 77, 2, false));
    clock.advance(Duration.ofMinutes(1));

    JsonNode error = error(addBatch(multiKey.id(), emailRows(hashes("c", 1)), 77, 3, false));
    JsonNode listed = ok(sessions(multiKey.id(), "")).get("data").get(0);

    assertThat(error.get("code").asInt()).isEqualTo(2650);
    assertThat(error.get("error_subcode").asInt()).isEqualTo(1870158);
    assertThat(listed.get("stage").asText()).isEqualTo("processing");
    assertThat(listed.get("num_received").asText()).isEqualTo("3");
    assertThat(listed.get("end_time").asLong() - listed.get("start_time").asLong())
        .isEqualTo(90 * 60);
  }

  @Test
  void replaceWithoutASessionIsCode100() throws Exception {
    JsonNode error =
        error(postForm(multiKey.id(), "usersreplace", "payload", emailRows(hashes("r", 1))));

    assertThat(error.get("code").asInt()).isEqualTo(100);
    assertThat(error.get("message").asText()).contains("session");
  }

  @Test
  void aReplaceSessionThatDoesNotStartWithBatchOneIs1870147() throws Exception {
    JsonNode error =
        error(
            postForm(
                multiKey.id(),
                "usersreplace",
                "payload",
                emailRows(hashes("r", 1)),
                "session",
                session(8, 2, false)));

    assertThat(error.get("code").asInt()).isEqualTo(2650);
    assertThat(error.get("error_subcode").asInt()).isEqualTo(1870147);
  }

  @Test
  void aSecondReplaceWhileOneIsOpenIs1870145AndAllowedOnceItCloses() throws Exception {
    String payload = emailRows(hashes("r", 1));
    ok(replaceBatch(payload, 10, 1, false));

    JsonNode error = error(replaceBatch(payload, 11, 1, false));
    ok(replaceBatch(payload, 10, 2, true));
    JsonNode after = ok(replaceBatch(payload, 11, 1, true));

    assertThat(error.get("code").asInt()).isEqualTo(2650);
    assertThat(error.get("error_subcode").asInt()).isEqualTo(1870145);
    assertThat(after.get("session_id").asText()).isEqualTo("11");
    assertThat(fixture.storedBatches())
        .extracting(IntakeBatch::operation)
        .containsOnly(Operation.REPLACE)
        .hasSize(3);
  }

  @Test
  void addsAndRemovesWhileAReplaceIsOpenAre1870145AndAReSentBatchKeepsItsAnswer() throws Exception {
    String payload = emailRows(hashes("during", 1));
    JsonNode before = ok(addBatch(multiKey.id(), payload, 40, 1, false));
    ok(replaceBatch(payload, 41, 1, false));

    JsonNode add = error(addBatch(multiKey.id(), payload, 40, 2, false));
    JsonNode oneShotAdd = error(postForm(multiKey.id(), "users", "payload", payload));
    JsonNode remove = error(queryStringDelete(multiKey.id(), payload));
    JsonNode resent = ok(addBatch(multiKey.id(), payload, 40, 1, false));
    ok(replaceBatch(payload, 41, 2, true));
    JsonNode after = ok(addBatch(multiKey.id(), payload, 40, 2, true));

    for (JsonNode refused : List.of(add, oneShotAdd, remove)) {
      assertThat(refused.get("code").asInt()).isEqualTo(2650);
      assertThat(refused.get("error_subcode").asInt()).isEqualTo(1870145);
      assertThat(refused.get("message").asText()).contains("replace session 41");
    }
    assertThat(resent).isEqualTo(before);
    assertThat(after.get("num_received").asInt()).isEqualTo(2);
    assertThat(fixture.storedBatches())
        .extracting(IntakeBatch::operation)
        .containsExactly(Operation.ADD, Operation.REPLACE, Operation.REPLACE, Operation.ADD);
  }

  @Test
  void aReplaceOfAnAudienceOfAHundredMillionIs1870144AndOneJustBelowStarts() throws Exception {
    String payload = emailRows(hashes("big", 1));
    fixture.memberCounts.put(multiKey.id(), 100_000_000L);
    JsonNode tooLarge = error(replaceBatch(payload, 50, 1, true));
    fixture.memberCounts.put(multiKey.id(), 99_999_999L);
    JsonNode started = ok(replaceBatch(payload, 51, 1, true));

    assertThat(tooLarge.get("code").asInt()).isEqualTo(2650);
    assertThat(tooLarge.get("error_subcode").asInt()).isEqualTo(1870144);
    assertThat(tooLarge.get("message").asText()).contains("100000000 people");
    assertThat(started.get("session_id").asText()).isEqualTo("51");
    assertThat(fixture.storedBatches()).hasSize(1);
  }

  @Test
  void aSessionIdCannotBeReusedForAnotherOperation() throws Exception {
    ok(addBatch(multiKey.id(), emailRows(hashes("a", 1)), 31, 1, false));

    JsonNode error =
        error(
            postForm(
                multiKey.id(),
                "users",
                "method",
                "DELETE",
                "payload",
                emailRows(hashes("b", 1)),
                "session",
                session(31, 2, false)));

    assertThat(error.get("code").asInt()).isEqualTo(100);
    assertThat(error.get("message").asText()).contains("31");
  }

  @Test
  void theSessionsEdgeListsNewestFirstWithEveryValueAString() throws Exception {
    ok(addBatch(multiKey.id(), emailRows(hashes("a", 2)), 1001, 1, false));
    clock.advance(Duration.ofSeconds(5));
    String invalidRow = "{\"schema\":[\"EMAIL\"],\"data\":[[\"nope\"],[\"" + sha("z") + "\"]]}";
    ok(addBatch(multiKey.id(), invalidRow, 1002, 1, true));

    JsonNode data = ok(sessions(multiKey.id(), "")).get("data");

    assertThat(data).hasSize(2);
    JsonNode newest = data.get(0);
    assertThat(newest.fieldNames())
        .toIterable()
        .containsExactly(
            "session_id",
            "start_time",
            "end_time",
            "num_received",
            "num_invalid_entries",
            "num_matched",
            "progress",
            "stage");
    newest.forEach(value -> assertThat(value.isTextual()).isTrue());
    assertThat(newest.get("session_id").asText()).isEqualTo("1002");
    assertThat(newest.get("num_received").asText()).isEqualTo("2");
    assertThat(newest.get("num_invalid_entries").asText()).isEqualTo("1");
    assertThat(newest.get("num_matched").asText()).isEqualTo("0");
    assertThat(newest.get("stage").asText()).isEqualTo("processing");
    assertThat(newest.get("start_time").asLong()).isEqualTo(clock.millis() / 1000);
    JsonNode open = data.get(1);
    assertThat(open.get("session_id").asText()).isEqualTo("1001");
    assertThat(open.get("stage").asText()).isEqualTo("uploading");
    assertThat(open.get("end_time").asText()).isEqualTo("0");
  }

  @Test
  void theSessionsEdgeFiltersBySessionIdAndPagesWithAnAbsoluteNextUrl() throws Exception {
    for (int id = 1; id <= 3; id++) {
      ok(addBatch(multiKey.id(), emailRows(hashes("p" + id, 1)), id, 1, false));
      clock.advance(Duration.ofSeconds(1));
    }

    JsonNode only = ok(sessions(multiKey.id(), "&session_id=2"));
    JsonNode page = ok(sessions(multiKey.id(), "&limit=2"));
    String next = page.get("paging").get("next").asText();
    JsonNode rest =
        ok(
            http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(next)).GET().build(),
                HttpResponse.BodyHandlers.ofString()));

    assertThat(only.get("data")).hasSize(1);
    assertThat(only.get("data").get(0).get("session_id").asText()).isEqualTo("2");
    assertThat(page.get("data"))
        .extracting(n -> n.get("session_id").asText())
        .containsExactly("3", "2");
    assertThat(next)
        .startsWith(fixture.server.baseUrl() + "/v21.0/" + multiKey.id() + "/sessions?");
    assertThat(rest.get("data")).extracting(n -> n.get("session_id").asText()).containsExactly("1");
    assertThat(rest.get("paging").has("next")).isFalse();
    JsonNode exactlyAll = ok(sessions(multiKey.id(), "&limit=3"));
    assertThat(exactlyAll.get("data")).hasSize(3);
    assertThat(exactlyAll.get("paging").has("next")).isFalse();
    assertThat(error(sessions(multiKey.id(), "&session_id=x")).get("code").asInt()).isEqualTo(100);
  }

  @Test
  void fourThreadsUploadingOneSessionCountExactlyAndStoreEachBatchOnce() throws Exception {
    int batches = 40;
    Map<Integer, Integer> answered = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                for (int seq = 1 + thread; seq <= batches; seq += 4) {
                  // batch seq carries seq rows, so the total is 1 + 2 + ... + 40 = 820
                  JsonNode answer =
                      ok(
                          addBatch(
                              multiKey.id(), emailRows(hashes("s" + seq, seq)), 4242, seq, false));
                  answered.put(seq, answer.get("num_received").asInt());
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();

    List<Integer> counts = new ArrayList<>(answered.values());
    Collections.sort(counts);
    assertThat(counts).doesNotHaveDuplicates().hasSize(batches);
    assertThat(counts.get(batches - 1)).isEqualTo(820);
    assertThat(fixture.storedBatches())
        .extracting(IntakeBatch::batchSeq)
        .doesNotHaveDuplicates()
        .hasSize(batches);
    assertThat(ok(sessions(multiKey.id(), "")).get("data").get(0).get("num_received").asText())
        .isEqualTo("820");
  }

  @Test
  void metasUploaderPatternOfBatchesWithoutSeqThenADummyLastBatchIsAccepted() throws Exception {
    String noSeq = "{\"session_id\":3000000000,\"last_batch_flag\":false}";
    ok(postForm(multiKey.id(), "users", "payload", emailRows(hashes("u1", 4)), "session", noSeq));
    ok(postForm(multiKey.id(), "users", "payload", emailRows(hashes("u2", 4)), "session", noSeq));

    JsonNode last =
        ok(
            postForm(
                multiKey.id(),
                "users",
                "payload",
                emailRows(hashes("u3", 1)),
                "session",
                "{\"session_id\":3000000000,\"batch_seq\":1,\"last_batch_flag\":true}"));

    assertThat(last.get("num_received").asInt()).isEqualTo(9);
    assertThat(fixture.storedBatches()).extracting(IntakeBatch::batchSeq).containsExactly(0, 0, 1);
    assertThat(ok(sessions(multiKey.id(), "")).get("data").get(0).get("stage").asText())
        .isEqualTo("processing");
  }
}
