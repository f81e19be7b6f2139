package dev.matchlist.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.matchlist.client.FakeGraph.Answer;
import dev.matchlist.core.SchemaKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class UploaderTest {
  private static final RetryPolicy FAST =
      new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofMinutes(1), 0);

  @TempDir Path dir;
  private FakeGraph graph;
  private UsersEdge edge;
  private GraphClient client;

  @BeforeEach
  void start() throws Exception {
    graph = new FakeGraph();
    edge = new UsersEdge();
    graph.otherwise(edge);
    client =
        GraphClient.builder()
            .baseUrl(graph.baseUrl())
            .accessToken("tok")
            .retryPolicy(FAST)
            .sleeper(new RecordingSleeper())
            .build();
  }

  @AfterEach
  void stop() {
    graph.close();
  }

  private Uploader.Builder uploader() {
    return Uploader.builder(client).audienceId("55");
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<List<String>> emails(int count) {
    return IntStream.range(0, count).mapToObj(i -> List.of("user" + i + "@example.com")).toList();
  }

  private static CustomerRecords emailRecords(int count) {
    return CustomerRecords.of(List.of(SchemaKey.EMAIL), emails(count).iterator());
  }

  @Test
  void batchesHoldAtMostTenThousandRowsInOneSessionWithSeqsFromOne() {
    UploadReport report = uploader().sessionId(4242).build().upload(emailRecords(25_000));

    List<UsersEdge.Batch> batches = edge.batches();
    assertThat(batches)
        .extracting(UsersEdge.Batch::rows)
        .containsExactlyInAnyOrder(10_000, 10_000, 5_000);
    assertThat(batches).extracting(UsersEdge.Batch::seq).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(batches).extracting(UsersEdge.Batch::sessionId).containsOnly(4242L);
    assertThat(batches)
        .filteredOn(UsersEdge.Batch::last)
        .extracting(UsersEdge.Batch::seq)
        .containsExactly(3);
    assertThat(batches)
        .extracting(UsersEdge.Batch::method, UsersEdge.Batch::path)
        .containsOnly(org.assertj.core.groups.Tuple.tuple("POST", "/v21.0/55/users"));
    assertThat(report.sessionId()).isEqualTo(4242);
    assertThat(report.rowsRead()).isEqualTo(25_000);
    assertThat(report.rowsSent()).isEqualTo(25_000);
    assertThat(report.batchesSent()).isEqualTo(3);
    assertThat(report.numReceived()).isEqualTo(25_000);
    assertThat(report.resumed()).isFalse();
  }

  @Test
  void withFormEncodingEveryBatchIsAFormAndEveryRowArrivesHashed() throws Exception {
    GraphClient formClient =
        GraphClient.builder()
            .baseUrl(graph.baseUrl())
            .accessToken("tok")
            .retryPolicy(FAST)
            .usersBodyEncoding(UsersBodyEncoding.FORM)
            .build();

    Uploader.builder(formClient)
        .audienceId("55")
        .batchRows(400)
        .build()
        .upload(emailRecords(1_000));

    assertThat(graph.requests())
        .extracting(FakeGraph.Request::contentType)
        .containsOnly("application/x-www-form-urlencoded");
    List<JsonNode> rows = edge.rowsInSeqOrder();
    assertThat(rows).hasSize(1_000);
    assertThat(rows.get(999).get(0).asText()).isEqualTo(sha256("user999@example.com"));
    assertThat(edge.batches()).extracting(UsersEdge.Batch::seq).containsExactly(1, 2, 3);
  }

  @Test
  void everyRowArrivesOnceInSourceOrderNormalizedAndHashed() throws Exception {
    uploader().batchRows(700).inFlight(3).build().upload(emailRecords(5_000));

    List<JsonNode> rows = edge.rowsInSeqOrder();
    assertThat(rows).hasSize(5_000);
    for (int i = 0; i < rows.size(); i += 997) {
      assertThat(rows.get(i).get(0).asText()).isEqualTo(sha256("user" + i + "@example.com"));
    }
    assertThat(rows.get(4_999).get(0).asText()).isEqualTo(sha256("user4999@example.com"));
  }

  @Test
  void aBatchIsCutBeforeItsEncodedPayloadPassesTheByteCap() {
    uploader().maxBatchBytes(4096).build().upload(emailRecords(300));

    List<UsersEdge.Batch> batches = edge.batches();
    assertThat(batches).hasSizeGreaterThan(5);
    assertThat(batches).allSatisfy(b -> assertThat(b.payloadBytes()).isLessThanOrEqualTo(4096));
    assertThat(batches.stream().mapToInt(UsersEdge.Batch::rows).sum()).isEqualTo(300);
    // Full batches are cut by bytes, not rows: one more row would not have fit.
    assertThat(batches.get(0).payloadBytes() + 80).isGreaterThan(4096);
  }

  @Test
  void theFirstBatchGoesAloneAndTheLastOnlyAfterAllOthersAreAcknowledged() {
    uploader().batchRows(100).inFlight(4).build().upload(emailRecords(1_000));

    List<UsersEdge.Batch> batches = edge.batches();
    assertThat(batches).hasSize(10);
    assertThat(batches.get(0).seq()).isEqualTo(1);
    assertThat(batches)
        .filteredOn(b -> b.seq() > 1)
        .allSatisfy(b -> assertThat(b.completedBefore()).isPositive());
    UsersEdge.Batch last = batches.get(batches.size() - 1);
    assertThat(last.seq()).isEqualTo(10);
    assertThat(last.last()).isTrue();
    assertThat(last.completedBefore()).isEqualTo(9);
  }

  @Test
  void middleBatchesAreSentInParallel() throws Exception {
    java.util.concurrent.atomic.AtomicInteger concurrent =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger most =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CountDownLatch bothArrived = new java.util.concurrent.CountDownLatch(2);
    graph.otherwise(
        request -> {
          String session = request.params().get("session");
          if (session.contains("\"batch_seq\":1,") || session.contains("true")) {
            return edge.apply(request);
          }
          int now = concurrent.incrementAndGet();
          most.accumulateAndGet(now, Math::max);
          bothArrived.countDown();
          try {
            // Holds the answer until a second request is in flight (or gives up after 10 s).
            bothArrived.await(10, java.util.concurrent.TimeUnit.SECONDS);
            return edge.apply(request);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          } finally {
            concurrent.decrementAndGet();
          }
        });

    uploader().batchRows(10).inFlight(2).build().upload(emailRecords(100));

    assertThat(most.get()).isEqualTo(2);
    assertThat(edge.acknowledged()).hasSize(10);
  }

  @Test
  void aCsvFileIsMappedByItsHeaderAndItsRowCountIsTheEstimatedTotal() throws Exception {
    Path file = dir.resolve("customers.csv");
    StringBuilder csv = new StringBuilder("E-mail,Phone Number,notes\n");
    for (int i = 0; i < 1_234; i++) {
      csv.append("User")
          .append(i)
          .append("@Example.com,+1 555 010 ")
          .append(1000 + i)
          .append(",x\n");
    }
    Files.writeString(file, csv);

    try (CustomerRecords records = CustomerRecords.csv(file)) {
      uploader().batchRows(500).build().upload(records);
    }

    assertThat(edge.batches()).extracting(UsersEdge.Batch::estimatedTotal).containsOnly(1_234L);
    JsonNode payload = edge.batches().get(0).payload();
    assertThat(payload.get("schema").toString()).isEqualTo("[\"EMAIL\",\"PHONE\"]");
    assertThat(payload.get("data").get(0).get(0).asText()).isEqualTo(sha256("user0@example.com"));
    assertThat(payload.get("data").get(0).get(1).asText()).isEqualTo(sha256("15550101000"));
  }

  @Test
  void theRowsCountrySetsThePhoneRegion() throws Exception {
    Path file = dir.resolve("c.csv");
    Files.writeString(file, "phone,country\n030 1234567,DE\n(555) 987-6543,\n");

    try (CustomerRecords records = CustomerRecords.csv(file)) {
      uploader()
          .normalizer(dev.matchlist.core.normalize.Normalizer.builder().defaultRegion("US").build())
          .build()
          .upload(records);
    }

    List<JsonNode> rows = edge.rowsInSeqOrder();
    assertThat(rows.get(0).get(0).asText()).isEqualTo(sha256("49301234567"));
    assertThat(rows.get(0).get(1).asText()).isEqualTo(sha256("de"));
    assertThat(rows.get(1).get(0).asText()).isEqualTo(sha256("15559876543"));
    assertThat(rows.get(1).get(1).asText()).isEmpty();
  }

  @Test
  void valuesHashedAlreadyPassThroughLowercasedNeverHashedTwice() throws Exception {
    String hash = sha256("mary@example.com");

    uploader()
        .build()
        .upload(
            CustomerRecords.of(
                List.of(SchemaKey.EMAIL),
                List.of(List.of(hash.toUpperCase(java.util.Locale.ROOT)), List.of(" " + hash + " "))
                    .iterator()));

    assertThat(edge.rowsInSeqOrder())
        .extracting(r -> r.get(0).asText())
        .containsExactly(hash, hash);
  }

  @Test
  void invalidCellsAreSentEmptyAndReportedWithLineColumnAndReasonButNeverTheValue()
      throws Exception {
    Path file = dir.resolve("bad.csv");
    Files.writeString(
        file,
        "email,first_name\n"
            + "good@example.com,Mary\n"
            + "secret-not-an-email,Ann\n"
            + ",\n"
            + "extra@example.com,Eve,surplus-field\n"
            + "\"multi\nline@example\",Zed\n");

    UploadReport report;
    try (CustomerRecords records = CustomerRecords.csv(file)) {
      report = uploader().build().upload(records);
    }

    List<JsonNode> rows = edge.rowsInSeqOrder();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).get(0).asText()).isEqualTo(sha256("good@example.com"));
    assertThat(rows.get(1).get(0).asText()).isEmpty();
    assertThat(rows.get(1).get(1).asText()).isEqualTo(sha256("ann"));
    assertThat(rows.get(2).get(0).asText()).isEmpty();
    assertThat(rows.get(2).get(1).asText()).isEqualTo(sha256("zed"));
    assertThat(report.rowsRead()).isEqualTo(5);
    assertThat(report.rowsInvalid()).isEqualTo(2);
    assertThat(report.invalidByKey()).containsOnly(java.util.Map.entry(SchemaKey.EMAIL, 2L));
    assertThat(report.firstInvalidSamples())
        .extracting(InvalidSample::line, InvalidSample::column, InvalidSample::key)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3L, "email", SchemaKey.EMAIL),
            org.assertj.core.groups.Tuple.tuple(4L, "", null),
            org.assertj.core.groups.Tuple.tuple(5L, "", null),
            org.assertj.core.groups.Tuple.tuple(6L, "email", SchemaKey.EMAIL));
    assertThat(report.firstInvalidSamples().get(1).reason()).isEqualTo("no valid identifier");
    assertThat(report.firstInvalidSamples().get(2).reason()).contains("3 fields");
    assertThat(report.toString())
        .doesNotContain("secret-not-an-email")
        .doesNotContain("line@example")
        .doesNotContain("extra@example.com");
  }

  @Test
  void rowsHashedByTheCallerMustBeHex() {
    UploadReport report =
        uploader()
            .build()
            .upload(
                CustomerRecords.hashed(
                    List.of(SchemaKey.EMAIL, SchemaKey.EXTERN_ID),
                    List.of(List.of("mary@example.com", "c-1"), List.of("b".repeat(64), "c-2"))
                        .iterator()));

    List<JsonNode> rows = edge.rowsInSeqOrder();
    assertThat(rows.get(0).get(0).asText()).isEmpty();
    assertThat(rows.get(0).get(1).asText()).isEqualTo("c-1");
    assertThat(rows.get(1).get(0).asText()).isEqualTo("b".repeat(64));
    assertThat(report.firstInvalidSamples().get(0).reason()).contains("did you forget to hash?");
  }

  @Test
  void valuesAndDataProcessingOptionsTravelAsJsonNumbersAndArrays() {
    uploader()
        .build()
        .upload(
            CustomerRecords.of(
                List.of(
                    SchemaKey.EMAIL,
                    SchemaKey.LOOKALIKE_VALUE,
                    SchemaKey.DATA_PROCESSING_OPTIONS,
                    SchemaKey.DATA_PROCESSING_OPTIONS_COUNTRY,
                    SchemaKey.DATA_PROCESSING_OPTIONS_STATE),
                List.of(List.of("a@b.com", "44.50", "LDU", "1", "1000")).iterator()));

    JsonNode row = edge.rowsInSeqOrder().get(0);
    assertThat(row.get(1).isNumber()).isTrue();
    assertThat(row.get(1).decimalValue()).isEqualByComparingTo("44.5");
    assertThat(row.get(2).toString()).isEqualTo("[\"LDU\"]");
    assertThat(row.get(3).asInt()).isEqualTo(1);
    assertThat(row.get(3).isNumber()).isTrue();
    assertThat(row.get(4).asInt()).isEqualTo(1000);
  }

  @Test
  void removeSendsDeletesWithTheRowsInTheBody() {
    uploader()
        .operation(UploadOperation.REMOVE)
        .batchRows(2_000)
        .build()
        .upload(emailRecords(5_000));

    assertThat(edge.batches()).extracting(UsersEdge.Batch::method).containsOnly("DELETE");
    assertThat(graph.requests()).allSatisfy(r -> assertThat(r.rawQuery()).isEmpty());
    assertThat(edge.rowsInSeqOrder()).hasSize(5_000);
  }

  @Test
  void replaceSendsToUsersreplace() {
    uploader()
        .operation(UploadOperation.REPLACE)
        .batchRows(400)
        .build()
        .upload(emailRecords(1_000));

    assertThat(edge.batches())
        .extracting(UsersEdge.Batch::path)
        .containsOnly("/v21.0/55/usersreplace");
    assertThat(edge.batches().get(0).seq()).isEqualTo(1);
  }

  @Test
  void aRetriedBatchKeepsItsSessionAndSeqAndIsCountedOnce() {
    edge.transientFailures(2, 2);

    UploadReport report = uploader().batchRows(100).inFlight(1).build().upload(emailRecords(300));

    List<UsersEdge.Batch> seq2 = edge.batches().stream().filter(b -> b.seq() == 2).toList();
    assertThat(seq2).hasSize(3);
    assertThat(seq2).extracting(UsersEdge.Batch::payload).containsOnly(seq2.get(0).payload());
    assertThat(seq2).extracting(UsersEdge.Batch::sessionId).containsOnly(report.sessionId());
    assertThat(report.retries()).isEqualTo(2);
    assertThat(report.batchesSent()).isEqualTo(3);
    assertThat(report.rowsSent()).isEqualTo(300);
  }

  @Test
  void aPermanentErrorStopsTheUploadWithAPartialReport() {
    edge.failing(
        seq ->
            seq == 3
                ? Answer.json(
                    400,
                    "{\"error\":{\"message\":\"(#100) Invalid parameter\",\"code\":100,"
                        + "\"type\":\"OAuthException\"}}")
                : null);

    UploadFailedException thrown =
        catchThrowableOfType(
            UploadFailedException.class,
            () -> uploader().batchRows(100).inFlight(1).build().upload(emailRecords(1_000)));

    assertThat(thrown.getCause()).isInstanceOf(GraphException.class);
    assertThat(((GraphException) thrown.getCause()).code()).isEqualTo(100);
    assertThat(thrown.report().batchesSent()).isEqualTo(2);
    assertThat(thrown.report().rowsSent()).isEqualTo(200);
    assertThat(thrown.getMessage()).contains("batches 1 to 2 acknowledged").contains("code 100");
    assertThat(edge.batches()).extracting(UsersEdge.Batch::seq).doesNotContain(4, 10);
  }

  @Test
  void aFailedBatchInterruptsBatchesWaitingOutARateLimit() {
    edge.failing(
        seq -> {
          if (seq == 2) {
            return Answer.json(400, "{\"error\":{\"message\":\"slow\",\"code\":80003}}")
                .withHeader(
                    "X-Business-Use-Case-Usage",
                    "{\"1\":[{\"type\":\"custom_audience\",\"call_count\":100,"
                        + "\"estimated_time_to_regain_access\":30}]}");
          }
          return seq == 3
              ? Answer.json(400, "{\"error\":{\"message\":\"no\",\"code\":100}}")
              : null;
        });
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    GraphClient waiting =
        GraphClient.builder()
            .baseUrl(graph.baseUrl())
            .accessToken("tok")
            .sleeper(d -> never.await()) // waits until interrupted
            .build();

    UploadFailedException thrown =
        catchThrowableOfType(
            UploadFailedException.class,
            () ->
                Uploader.builder(waiting)
                    .audienceId("55")
                    .batchRows(10)
                    .inFlight(2)
                    .build()
                    .upload(emailRecords(40)));

    assertThat(((GraphException) thrown.getCause()).code()).isEqualTo(100);
    assertThat(thrown.report().batchesSent()).isEqualTo(1);
  }

  @Test
  void aResumedUploadSendsOnlyWhatWasNotAcknowledgedInTheSameSession() {
    Path checkpoint = dir.resolve("upload.checkpoint");
    edge.failing(
        seq -> seq == 4 ? Answer.json(400, "{\"error\":{\"message\":\"no\",\"code\":100}}") : null);
    UploadFailedException first =
        catchThrowableOfType(
            UploadFailedException.class,
            () ->
                uploader()
                    .batchRows(100)
                    .inFlight(1)
                    .checkpoint(checkpoint)
                    .build()
                    .upload(emailRecords(1_050)));
    assertThat(checkpoint).exists();
    List<UsersEdge.Batch> firstRun = edge.acknowledged();
    JsonNode firstTryOfSeq4 =
        edge.batches().stream().filter(b -> b.seq() == 4).findFirst().orElseThrow().payload();

    UsersEdge second = new UsersEdge();
    graph.otherwise(second);
    UploadReport report =
        uploader()
            .batchRows(7)
            .inFlight(1)
            .checkpoint(checkpoint)
            .build()
            .upload(emailRecords(1_050));

    assertThat(firstRun).extracting(UsersEdge.Batch::seq).containsExactly(1, 2, 3);
    assertThat(second.batches())
        .extracting(UsersEdge.Batch::seq)
        .containsExactly(4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(second.batches())
        .extracting(UsersEdge.Batch::sessionId)
        .containsOnly(first.report().sessionId());
    assertThat(second.batches().get(0).payload()).isEqualTo(firstTryOfSeq4);
    assertThat(second.batches().get(7).last()).isTrue();
    assertThat(second.batches().get(7).rows()).isEqualTo(50);
    assertThat(report.resumed()).isTrue();
    assertThat(report.rowsSent()).isEqualTo(750);
    assertThat(checkpoint).doesNotExist();
    List<JsonNode> all = new ArrayList<>();
    firstRun.forEach(b -> b.payload().get("data").forEach(all::add));
    all.addAll(second.rowsInSeqOrder());
    assertThat(all).hasSize(1_050).doesNotHaveDuplicates();
  }

  @Test
  void batchesAcknowledgedOutOfOrderAreNotSentAgainOnResume() {
    Path checkpoint = dir.resolve("parallel.checkpoint");
    edge.failing(
        seq -> seq == 3 ? Answer.json(400, "{\"error\":{\"message\":\"no\",\"code\":100}}") : null);
    catchThrowableOfType(
        UploadFailedException.class,
        () ->
            uploader()
                .batchRows(50)
                .inFlight(4)
                .checkpoint(checkpoint)
                .build()
                .upload(emailRecords(1_000)));
    Set<Integer> firstRun =
        edge.acknowledged().stream().map(UsersEdge.Batch::seq).collect(Collectors.toSet());

    UsersEdge second = new UsersEdge();
    graph.otherwise(second);
    uploader().inFlight(4).checkpoint(checkpoint).build().upload(emailRecords(1_000));

    Set<Integer> secondRun = new TreeSet<>();
    second.acknowledged().forEach(b -> assertThat(secondRun.add(b.seq())).isTrue());
    assertThat(secondRun).doesNotContainAnyElementsOf(firstRun);
    Set<Integer> both = new TreeSet<>(firstRun);
    both.addAll(secondRun);
    assertThat(both).containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
  }

  @Test
  void theCheckpointFileHasTheDocumentedFields() throws Exception {
    Path checkpoint = dir.resolve("fields.checkpoint");
    edge.failing(
        seq -> seq == 4 ? Answer.json(400, "{\"error\":{\"message\":\"no\",\"code\":100}}") : null);
    catchThrowableOfType(
        UploadFailedException.class,
        () ->
            uploader()
                .sessionId(77)
                .batchRows(100)
                .maxBatchBytes(1 << 20)
                .inFlight(1)
                .checkpoint(checkpoint)
                .build()
                .upload(emailRecords(1_000)));

    JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(checkpoint.toFile());
    assertThat(json.get("format").asInt()).isEqualTo(1);
    assertThat(json.get("audience_id").asText()).isEqualTo("55");
    assertThat(json.get("operation").asText()).isEqualTo("ADD");
    assertThat(json.get("session_id").asLong()).isEqualTo(77);
    assertThat(json.get("schema").toString()).isEqualTo("[\"EMAIL\"]");
    assertThat(json.get("source").asText()).isEmpty();
    assertThat(json.get("batch_rows").asInt()).isEqualTo(100);
    assertThat(json.get("max_batch_bytes").asLong()).isEqualTo(1 << 20);
    assertThat(json.get("acknowledged_through_seq").asInt()).isEqualTo(3);
    assertThat(json.get("rows_consumed").asLong()).isEqualTo(300);
    assertThat(json.get("acknowledged_after")).isEmpty();
  }

  @Test
  void aCheckpointOfAFileThatChangedIsRefused() throws Exception {
    Path file = dir.resolve("list.csv");
    Files.writeString(file, "email\na@example.com\nb@example.com\n");
    Path checkpoint = dir.resolve("list.checkpoint");
    edge.failing(seq -> Answer.json(400, "{\"error\":{\"message\":\"no\",\"code\":100}}"));
    try (CustomerRecords records = CustomerRecords.csv(file)) {
      catchThrowableOfType(
          UploadFailedException.class,
          () -> uploader().checkpoint(checkpoint).build().upload(records));
    }
    Files.writeString(file, "c@example.com\n", java.nio.file.StandardOpenOption.APPEND);

    try (CustomerRecords records = CustomerRecords.csv(file)) {
      assertThatThrownBy(() -> uploader().checkpoint(checkpoint).build().upload(records))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("list.csv");
    }
  }

  @Test
  void aCheckpointOfAnotherAudienceIsRefused() {
    Path checkpoint = dir.resolve("other.checkpoint");
    edge.failing(seq -> Answer.json(400, "{\"error\":{\"message\":\"no\",\"code\":100}}"));
    catchThrowableOfType(
        UploadFailedException.class,
        () -> uploader().checkpoint(checkpoint).build().upload(emailRecords(10)));

    assertThatThrownBy(
            () ->
                Uploader.builder(client)
                    .audienceId("66")
                    .checkpoint(checkpoint)
                    .build()
                    .upload(emailRecords(10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("audience 55");
  }

  @Test
  void anEmptySourceSendsNothing() {
    UploadReport report = uploader().build().upload(emailRecords(0));

    assertThat(graph.requests()).isEmpty();
    assertThat(report.batchesSent()).isZero();
  }

  @Test
  void progressEndsWithEveryRowAcknowledged() {
    List<UploadProgress> events = java.util.Collections.synchronizedList(new ArrayList<>());

    uploader().batchRows(500).inFlight(4).listener(events::add).build().upload(emailRecords(5_000));

    assertThat(events).isNotEmpty();
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).rowsAcknowledged())
          .isGreaterThanOrEqualTo(events.get(i - 1).rowsAcknowledged());
      assertThat(events.get(i).rowsRead()).isGreaterThanOrEqualTo(events.get(i - 1).rowsRead());
    }
    UploadProgress last = events.get(events.size() - 1);
    assertThat(last.rowsAcknowledged()).isEqualTo(5_000);
    assertThat(last.rowsRead()).isEqualTo(5_000);
    assertThat(last.rowsSent()).isEqualTo(5_000);
  }

  @Test
  void encodingOnTheCallingThreadGivesTheSameBatches() {
    uploader().workers(0).batchRows(300).build().upload(emailRecords(1_000));
    List<JsonNode> inline = edge.rowsInSeqOrder();

    UsersEdge threaded = new UsersEdge();
    graph.otherwise(threaded);
    uploader().workers(2).batchRows(300).build().upload(emailRecords(1_000));

    assertThat(threaded.rowsInSeqOrder()).isEqualTo(inline);
  }
}
