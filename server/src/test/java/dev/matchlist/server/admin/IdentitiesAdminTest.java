package dev.matchlist.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.matchlist.core.Sha256;
import dev.matchlist.server.AdminHttp;
import dev.matchlist.server.MatchlistServer;
import dev.matchlist.server.lookup.IdentitiesTestServer;
import dev.matchlist.server.matching.IdentityKind;
import dev.matchlist.server.matching.MatchingSource;
import dev.matchlist.server.matching.PersonDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading and deleting the operator's users through the admin API, over real HTTP. */
class IdentitiesAdminTest {
  private static final String IDENTITIES = IdentitiesTestServer.ADMIN + "/identities";

  @TempDir Path dir;
  private IdentitiesTestServer fixture;
  private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void tearDown() {
    senders.shutdownNow();
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void anNdjsonFileSentAsAMultipartPartLoadsEveryUser() throws Exception {
    fixture = IdentitiesTestServer.start(dir);
    String ndjson =
        "{\"user_id\":\"u1\",\"email\":\"ann@example.com\",\"phone\":\"+1 650 555 0100\"}\n"
            + "{\"user_id\":\"u2\",\"email_sha256\":\""
            + Sha256.hex("bob@example.com")
            + "\"}\n";

    HttpResponse<String> answer = postMultipart(ndjson);

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode body = AdminHttp.JSON.readTree(answer.body());
    assertThat(body.get("users").asInt()).isEqualTo(2);
    assertThat(body.get("identifiers").asInt()).isEqualTo(3);
    PersonDirectory people = fixture.server.parts().people();
    assertThat(people.personOf(IdentityKind.EMAIL, Sha256.digest("bob@example.com"), 0))
        .isEqualTo(people.personOfUser("u2"))
        .isNotEqualTo(PersonDirectory.NO_PERSON);
  }

  @Test
  void rawValuesAreNormalizedBeforeHashing() {
    fixture = IdentitiesTestServer.start(dir);

    fixture.loadJson("[{\"user_id\":\"u1\",\"email\":\"  Ann@Example.COM \"}]");

    PersonDirectory people = fixture.server.parts().people();
    assertThat(people.personOf(IdentityKind.EMAIL, Sha256.digest("ann@example.com"), 0))
        .isEqualTo(people.personOfUser("u1"));
  }

  @Test
  void aWholeDateOfBirthFeedsTheNameAndBirthdayCombination() {
    fixture = IdentitiesTestServer.start(dir);

    JsonNode body =
        fixture
            .loadJson("[{\"user_id\":\"u1\",\"fn\":\"Ann\",\"ln\":\"Lee\",\"dob\":\"1990-05-17\"}]")
            .body();

    assertThat(body.get("identifiers").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(fixture.server.parts().identityBase().record("u1").orElseThrow().identifiers())
        .anySatisfy(id -> assertThat(id.kind().components()).hasSize(5));
  }

  @Test
  void rejectedCellsAreCountedPerKeyWithTheirLinesAndWithoutTheirValues() {
    fixture = IdentitiesTestServer.start(dir);

    AdminHttp.Answer answer =
        fixture.loadJson(
            "[{\"user_id\":\"u1\",\"email\":\"ann@example.com\"},"
                + "{\"user_id\":\"u2\",\"email\":\"not-an-address\",\"gen\":\"zz-secret\"},"
                + "{\"user_id\":\"u3\",\"email\":\"also bad\",\"notes\":\"vip\"}]");

    JsonNode rejected = answer.body().get("rejected");
    assertThat(rejected.get("EMAIL").get("count").asInt()).isEqualTo(2);
    assertThat(rejected.get("EMAIL").get("lines").findValuesAsText("line"))
        .containsExactly("2", "3");
    assertThat(rejected.get("GEN").get("count").asInt()).isEqualTo(1);
    assertThat(answer.body().get("ignored_fields").get("notes").asInt()).isEqualTo(1);
    assertThat(answer.body().get("users_without_identifiers").asInt()).isEqualTo(2);
    assertThat(answer.raw()).doesNotContain("not-an-address", "zz-secret", "also bad", "vip\"");
  }

  @Test
  void rejectionsAreListedInKeyOrderWhateverTheOrderOfTheFields() {
    fixture = IdentitiesTestServer.start(dir);

    AdminHttp.Answer answer =
        fixture.loadJson(
            "[{\"user_id\":\"u1\",\"gen\":\"zz\",\"phone\":\"12\",\"email\":\"bad\"}]");

    assertThat(answer.body().get("rejected").properties())
        .extracting(Map.Entry::getKey)
        .containsExactly("EMAIL", "PHONE", "GEN");
  }

  @Test
  void numbersAreReadAsTheirTextAndNullFieldsAsAbsent() {
    fixture = IdentitiesTestServer.start(dir);

    AdminHttp.Answer answer =
        fixture.loadJson("[{\"user_id\":42,\"email\":null,\"phone\":16505550100,\"fn\":null}]");

    assertThat(answer.body().get("identifiers").asInt()).isEqualTo(1);
    assertThat(answer.body().get("rejected").isEmpty()).isTrue();
    PersonDirectory people = fixture.server.parts().people();
    assertThat(people.personOf(IdentityKind.PHONE, Sha256.digest("16505550100"), 0))
        .isEqualTo(people.personOfUser("42"))
        .isNotEqualTo(PersonDirectory.NO_PERSON);
  }

  @Test
  void usersOfDifferentFieldsInOneRequestEachKeepTheirOwnKeys() {
    fixture = IdentitiesTestServer.start(dir);

    AdminHttp.Answer answer =
        fixture.loadJson(
            "[{\"user_id\":\"u1\",\"email\":\"ann@example.com\",\"notes\":\"a\"},"
                + "{\"user_id\":\"u2\",\"phone\":\"+1 650 555 0100\"},"
                + "{\"user_id\":\"u3\",\"email\":\"cy@example.com\",\"notes\":\"c\"}]");

    assertThat(answer.body().get("identifiers").asInt()).isEqualTo(3);
    assertThat(answer.body().get("ignored_fields").get("notes").asInt()).isEqualTo(2);
    PersonDirectory people = fixture.server.parts().people();
    assertThat(people.personOf(IdentityKind.EMAIL, Sha256.digest("ann@example.com"), 0))
        .isEqualTo(people.personOfUser("u1"));
    assertThat(people.personOf(IdentityKind.PHONE, Sha256.digest("16505550100"), 0))
        .isEqualTo(people.personOfUser("u2"));
    assertThat(people.personOf(IdentityKind.EMAIL, Sha256.digest("cy@example.com"), 0))
        .isEqualTo(people.personOfUser("u3"))
        .isNotEqualTo(PersonDirectory.NO_PERSON);
  }

  @Test
  void aMalformedLineStoresNothingAndNamesTheLine() {
    fixture = IdentitiesTestServer.start(dir);

    AdminHttp.Answer answer =
        fixture.admin.post(
            IDENTITIES,
            "{\"users\":"
                + AdminHttp.JSON.valueToTree(
                    "{\"user_id\":\"u1\",\"email\":\"ann@example.com\"}\n{\"email\":\"b@x.org\"}\n")
                + "}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error().get("message").asText()).contains("line 2").contains("user_id");
    assertThat(fixture.server.parts().people().personOfUser("u1"))
        .isEqualTo(PersonDirectory.NO_PERSON);
  }

  @Test
  void aBadUserAfterAValidOneInANestedArrayIsRefusedNamingItsPosition() {
    fixture = IdentitiesTestServer.start(dir);
    String valid = "{\"user_id\":\"u1\",\"email\":\"ann@example.com\"},";

    assertThat(refusal("{\"users\":[" + valid + "{\"email\":\"b@x.org\"}]}"))
        .isEqualTo("(#100) users, line 2: no user_id (the operator's own id of the user)");
    assertThat(refusal("{\"users\":[" + valid + "5]}"))
        .isEqualTo(
            "(#100) users, line 2: not a JSON object; send one {\"user_id\": ..., ...}"
                + " per line");
    assertThat(refusal("{\"users\":[" + valid + "{\"user_id\":\"u2\",\"email\":[\"b@x.org\"]}]}"))
        .isEqualTo("(#100) users, line 2: field 'email' must be a string or a number");
    assertThat(fixture.server.parts().people().personOfUser("u1"))
        .isEqualTo(PersonDirectory.NO_PERSON);
  }

  @Test
  void malformedJsonInsideANestedArrayRefusesTheBodyWhereverABadUserCameBefore() {
    fixture = IdentitiesTestServer.start(dir);

    List<String> refusals =
        Stream.of(
                "[{\"user_id\":\"u1\"},{\"user_id\":\"u2\",,}]",
                "[{\"email\":\"a@x.org\"},{\"user_id\":}]",
                "[{\"email\":[\"a@x.org\"]},{\"user_id\":\"u2\"}}",
                "[{\"user_id\":\"u1\"},{\"user_id\":\"u\u0001\"}]",
                "[{\"user_id\":\"u1\"},{\"user_id\":\"u2\\q\"}]",
                "[{\"user_id\":\"u1\"},{\"user_id\":\"u2\",\"n\":01}]",
                "[{\"user_id\":\"u1\"}\n,{\"user_id\":\"u2\"}")
            .map(users -> refusal("{\"users\":" + users + "}"))
            .toList();

    String at = "(#100) Malformed JSON in the request body at line ";
    String unclosed =
        ": Unexpected close marker '}': expected ']' (for Array starting at [Source: REDACTED"
            + " (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 10])";
    assertThat(refusals)
        .containsExactly(
            at
                + "1, column 44: Unexpected character (',' (code 44)): was expecting double-quote"
                + " to start field name",
            at + "1, column 42: Unexpected character ('}' (code 125)): expected a value",
            at + "1, column 49" + unclosed,
            at
                + "1, column 41: Illegal unquoted character ((CTRL-CHAR, code 1)): has to be"
                + " escaped using backslash to be included in string value",
            at + "1, column 43: Unrecognized character escape 'q' (code 113)",
            at + "1, column 49: Invalid numeric value: Leading zeroes not allowed",
            at + "2, column 18" + unclosed);
  }

  @Test
  void invalidUtf8InsideANestedArrayRefusesTheBody() throws Exception {
    fixture = IdentitiesTestServer.start(dir);
    byte[] start =
        "{\"users\":[{\"user_id\":\"u1\"},{\"user_id\":\"u".getBytes(StandardCharsets.UTF_8);
    byte[] end = "\"}]}".getBytes(StandardCharsets.UTF_8);

    List<String> refusals = new ArrayList<>();
    for (byte[] bad : List.of(new byte[] {(byte) 0xC3, '('}, new byte[] {(byte) 0xFF})) {
      HttpResponse<String> answer = postBytes(concat(start, bad, end));
      assertThat(answer.statusCode()).isEqualTo(400);
      refusals.add(AdminHttp.JSON.readTree(answer.body()).get("error").get("message").asText());
    }

    assertThat(refusals)
        .containsExactly(
            "(#100) Malformed JSON in the request body at line 1, column 43: Invalid UTF-8 middle"
                + " byte 0x28",
            "(#100) Malformed JSON in the request body at line 1, column 42: Invalid UTF-8 start"
                + " byte 0xff");
  }

  @Test
  void aNestedObjectCountsItsLinesFromItsOwnFirstLine() {
    fixture = IdentitiesTestServer.start(dir);

    assertThat(refusal("{\n\"users\":\n\n{\"email\":\"a@x.org\"}}"))
        .isEqualTo("(#100) users, line 1: no user_id (the operator's own id of the user)");
  }

  @Test
  void aBadLoadIdOrExpectationIsReportedBeforeABadUser() {
    fixture = IdentitiesTestServer.start(dir);
    String badUser = "[{\"email\":\"a@x.org\"}]";

    assertThat(refusal("{\"users\":" + badUser + ",\"expected_identifiers\":-1}"))
        .contains("expected_identifiers");
    assertThat(refusal("{\"users\":" + badUser + ",\"expected_users\":\"many\"}"))
        .contains("expected_users must be a whole number");
    assertThat(refusal(sequenced("load-g", 0, badUser))).contains("sequence must be");
  }

  @Test
  void theExpectedIdentifiersOfABulkLoadSizeTheIndexUpFront() {
    fixture = IdentitiesTestServer.start(dir);

    AdminHttp.Answer answer =
        fixture.admin.post(
            IDENTITIES,
            "{\"users\":[{\"user_id\":\"u1\",\"email\":\"ann@example.com\"}],"
                + "\"expected_identifiers\":200000}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(fixture.server.parts().identityBase().identifierCapacity())
        .isGreaterThanOrEqualTo(200_000);
  }

  @Test
  void theExpectedUsersOfABulkLoadSizeTheUserIdFilterUpFront() {
    fixture = IdentitiesTestServer.start(dir);
    long before = fixture.server.parts().identityBase().userIdFilterBytes();

    AdminHttp.Answer answer =
        fixture.admin.post(
            IDENTITIES,
            "{\"users\":[{\"user_id\":\"u1\",\"email\":\"ann@example.com\"}],"
                + "\"expected_users\":4000000}");

    assertThat(answer.status()).isEqualTo(200);
    // one filter of 4 M users at 10 bits each next to the one made at open (and less than a
    // cache line before its first block)
    assertThat(fixture.server.parts().identityBase().userIdFilterBytes() - before)
        .isBetween(4_000_000L * 10 / 8, 4_000_000L * 10 / 8 + 64);
  }

  @Test
  void aNegativeExpectedIdentifiersIsRefusedAndStoresNothing() {
    fixture = IdentitiesTestServer.start(dir);

    AdminHttp.Answer answer =
        fixture.admin.post(
            IDENTITIES,
            "{\"users\":[{\"user_id\":\"u1\",\"email\":\"ann@example.com\"}],"
                + "\"expected_identifiers\":-5}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error().get("message").asText()).contains("expected_identifiers");
    assertThat(fixture.server.parts().people().personOfUser("u1"))
        .isEqualTo(PersonDirectory.NO_PERSON);
  }

  @Test
  void moreThanTenThousandUsersInOneRequestAreRefused() {
    fixture = IdentitiesTestServer.start(dir);
    StringBuilder users = new StringBuilder("[");
    for (int i = 0; i <= IdentitiesAdmin.MAX_USERS_PER_REQUEST; i++) {
      users.append(i == 0 ? "" : ",").append("{\"user_id\":\"u").append(i).append("\"}");
    }

    AdminHttp.Answer answer = fixture.loadJson(users.append(']').toString());

    assertThat(answer.error().get("code").asInt()).isEqualTo(105);
    assertThat(fixture.server.parts().identityBase().personIdsAssigned()).isZero();
  }

  @Test
  void moreThanTenThousandLinesOfAtMostTenThousandUsersAreLoadedTheLaterLineWinning() {
    fixture = IdentitiesTestServer.start(dir);
    StringBuilder users = new StringBuilder("[");
    for (int i = 0; i < IdentitiesAdmin.MAX_USERS_PER_REQUEST; i++) {
      users.append(i == 0 ? "" : ",").append("{\"user_id\":\"u").append(i).append("\"}");
    }
    users.append(",{\"user_id\":\"u0\",\"email\":\"ann@example.com\"}]");

    AdminHttp.Answer answer = fixture.loadJson(users.toString());

    assertThat(answer.body().get("users").asInt()).isEqualTo(IdentitiesAdmin.MAX_USERS_PER_REQUEST);
    assertThat(answer.body().get("identifiers").asInt()).isEqualTo(1);
    PersonDirectory people = fixture.server.parts().people();
    assertThat(people.personOf(IdentityKind.EMAIL, Sha256.digest("ann@example.com"), 0))
        .isEqualTo(people.personOfUser("u0"));
  }

  @Test
  void aRequestThatArrivesBeforeItsPredecessorWaitsAndTheLaterLineWins() throws Exception {
    fixture = IdentitiesTestServer.start(dir);

    CompletableFuture<AdminHttp.Answer> second =
        sendAsync(sequenced("load-a", 2, "[{\"user_id\":\"u1\",\"email\":\"new@x.org\"}]"));
    Thread.sleep(300); // the second request is at the server, waiting for the first
    assertThat(second).isNotDone();
    AdminHttp.Answer first =
        post(
            sequenced(
                "load-a",
                1,
                "[{\"user_id\":\"u1\",\"email\":\"old@x.org\"},"
                    + "{\"user_id\":\"u2\",\"email\":\"bob@x.org\"}]"));

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body().get("sequence").asLong()).isEqualTo(1);
    assertThat(second.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(second.get().body().get("load_id").asText()).isEqualTo("load-a");
    assertThat(emailsOf("u1")).containsExactly(Sha256.hex("new@x.org"));
    assertThat(emailsOf("u2")).containsExactly(Sha256.hex("bob@x.org"));
  }

  @Test
  void requestsInFlightTogetherApplyInSequenceWhateverTheirArrival() throws Exception {
    fixture = IdentitiesTestServer.start(dir);
    int requests = 6;
    List<CompletableFuture<AdminHttp.Answer>> answers = new ArrayList<>();
    for (int sequence = requests; sequence >= 1; sequence--) { // sent last to first
      String users = "[{\"user_id\":\"same\",\"email\":\"v" + sequence + "@x.org\"}]";
      String body = sequenced("load-b", sequence, users);
      answers.add(sendAsync(body));
    }

    for (CompletableFuture<AdminHttp.Answer> answer : answers) {
      assertThat(answer.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    }
    assertThat(emailsOf("same")).containsExactly(Sha256.hex("v" + requests + "@x.org"));
  }

  @Test
  void aFailedRequestRefusesTheRequestsAfterItAndNothingOfThemIsApplied() throws Exception {
    fixture = IdentitiesTestServer.start(dir);
    post(sequenced("load-c", 1, "[{\"user_id\":\"u1\",\"email\":\"ann@x.org\"}]"));
    CompletableFuture<AdminHttp.Answer> third =
        sendAsync(sequenced("load-c", 3, "[{\"user_id\":\"u3\",\"email\":\"c@x.org\"}]"));
    Thread.sleep(300); // waiting for the second

    AdminHttp.Answer second =
        post(sequenced("load-c", 2, "[{\"user_id\":\"u2\",\"email\":\"b@x.org\"},{}]"));
    AdminHttp.Answer fourth =
        post(sequenced("load-c", 4, "[{\"user_id\":\"u4\",\"email\":\"d@x.org\"}]"));

    assertThat(second.status()).isEqualTo(400);
    assertThat(second.error().get("message").asText()).contains("line 2");
    assertThat(third.get(10, TimeUnit.SECONDS).status()).isEqualTo(400);
    assertThat(third.get().error().get("message").asText())
        .contains("Request 3 of load load-c is not applied: request 2 of the load failed");
    assertThat(fourth.error().get("message").asText()).contains("request 2 of the load failed");
    PersonDirectory people = fixture.server.parts().people();
    assertThat(people.personOfUser("u1")).isNotEqualTo(PersonDirectory.NO_PERSON);
    for (String refused : List.of("u2", "u3", "u4")) {
      assertThat(people.personOfUser(refused)).isEqualTo(PersonDirectory.NO_PERSON);
    }
  }

  @Test
  void aRequestWhosePredecessorNeverArrivesIsRefusedAfterTheArrivalWait() {
    fixture = IdentitiesTestServer.start(dir);
    long start = System.nanoTime();

    AdminHttp.Answer second =
        post(sequenced("load-d", 2, "[{\"user_id\":\"u2\",\"email\":\"b@x.org\"}]"));
    AdminHttp.Answer first =
        post(sequenced("load-d", 1, "[{\"user_id\":\"u1\",\"email\":\"a@x.org\"}]"));
    AdminHttp.Answer third =
        post(sequenced("load-d", 3, "[{\"user_id\":\"u3\",\"email\":\"c@x.org\"}]"));

    assertThat(System.nanoTime() - start)
        .isGreaterThanOrEqualTo(IdentitiesAdminLoads.ARRIVAL_WAIT.toNanos());
    assertThat(second.status()).isEqualTo(400);
    assertThat(second.error().get("message").asText())
        .contains("request 1 did not arrive within 5 s");
    assertThat(first.status()).isEqualTo(200); // late, but nothing before it is missing
    assertThat(third.error().get("message").asText()).contains("request 2 of the load failed");
    PersonDirectory people = fixture.server.parts().people();
    assertThat(people.personOfUser("u1")).isNotEqualTo(PersonDirectory.NO_PERSON);
    assertThat(people.personOfUser("u2")).isEqualTo(PersonDirectory.NO_PERSON);
    assertThat(people.personOfUser("u3")).isEqualTo(PersonDirectory.NO_PERSON);
  }

  @Test
  void aRequestSentAgainAfterItWasAppliedIsRefused() {
    fixture = IdentitiesTestServer.start(dir);
    String body = sequenced("load-e", 1, "[{\"user_id\":\"u1\",\"email\":\"a@x.org\"}]");
    post(body);

    AdminHttp.Answer again = post(body);

    assertThat(again.status()).isEqualTo(400);
    assertThat(again.error().get("message").asText())
        .endsWith("Request 1 of load load-e was applied already");
  }

  @Test
  void aLoadIdWithoutASequenceOrAnInvalidOneIsRefusedAndStoresNothing() {
    fixture = IdentitiesTestServer.start(dir);
    String users = "[{\"user_id\":\"u1\",\"email\":\"a@x.org\"}]";

    AdminHttp.Answer noSequence = post("{\"users\":" + users + ",\"load_id\":\"l\"}");
    AdminHttp.Answer zero = post(sequenced("load-f", 0, users));
    AdminHttp.Answer badId = post(sequenced("a b", 1, users));

    assertThat(noSequence.error().get("message").asText()).contains("send both or neither");
    assertThat(zero.error().get("message").asText()).contains("sequence must be");
    assertThat(badId.error().get("message").asText()).contains("load_id must be");
    assertThat(fixture.server.parts().people().personOfUser("u1"))
        .isEqualTo(PersonDirectory.NO_PERSON);
  }

  @Test
  void reloadingAUserWithANewEmailReplacesTheOldOneForTheNextUpload() throws Exception {
    fixture = IdentitiesTestServer.start(dir);
    fixture.loadJson("[{\"user_id\":\"u1\",\"email\":\"old@example.com\"}]");
    fixture.loadJson("[{\"user_id\":\"u1\",\"email\":\"new@example.com\"}]");
    String oldOnly = fixture.createAudience("old");
    String newOnly = fixture.createAudience("new");

    fixture.uploadEmails(oldOnly, List.of("old@example.com"));
    fixture.uploadEmails(newOnly, List.of("new@example.com"));

    assertThat(fixture.server.parts().membership().members(oldOnly).count()).isZero();
    assertThat(fixture.server.parts().membership().members(newOnly).count()).isEqualTo(1);
  }

  @Test
  void deletingAUserRemovesThePersonFromEveryAudience() throws Exception {
    fixture = IdentitiesTestServer.start(dir);
    fixture.loadJson(
        "[{\"user_id\":\"u1\",\"email\":\"ann@example.com\"},"
            + "{\"user_id\":\"u2\",\"email\":\"bob@example.com\"}]");
    String first = fixture.createAudience("first");
    String second = fixture.createAudience("second");
    fixture.uploadEmails(first, List.of("ann@example.com", "bob@example.com"));
    fixture.uploadEmails(second, List.of("ann@example.com"));

    AdminHttp.Answer deleted = fixture.admin.delete(IDENTITIES + "/u1");

    assertThat(deleted.body().get("deleted").asBoolean()).isTrue();
    assertThat(fixture.server.parts().membership().members(first).count()).isEqualTo(1);
    assertThat(fixture.server.parts().membership().members(second).count()).isZero();
    assertThat(fixture.admin.get("/internal/v1/people/u1/audiences").body().get("audiences").size())
        .isZero();
  }

  @Test
  void deletingAnUnknownUserSucceedsWithoutDeletingAnything() {
    fixture = IdentitiesTestServer.start(dir);

    AdminHttp.Answer deleted = fixture.admin.delete(IDENTITIES + "/nobody");

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body().get("deleted").asBoolean()).isFalse();
  }

  @Test
  void loadsAreRefusedWhenUploadsMatchASyntheticSource() {
    fixture =
        new IdentitiesTestServer(
            MatchlistServer.start(
                MatchlistServer.Settings.builder(dir)
                    .port(0)
                    .matching(MatchingSource.synthetic(0.5))
                    .build()));

    AdminHttp.Answer answer =
        fixture.loadJson("[{\"user_id\":\"u1\",\"email\":\"ann@example.com\"}]");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error().get("message").asText()).contains("synthetic");
  }

  @Test
  void loadsNeedTheAdminToken() {
    fixture = IdentitiesTestServer.start(dir);

    AdminHttp.Answer answer =
        fixture.graph.post(IDENTITIES, "{\"users\":[{\"user_id\":\"u1\",\"email\":\"a@b.org\"}]}");

    assertThat(answer.status()).isEqualTo(403);
    assertThat(fixture.server.parts().people().personOfUser("u1"))
        .isEqualTo(PersonDirectory.NO_PERSON);
  }

  @Test
  void theDataDirectoryHoldsNoneOfTheLoadedRawEmails() throws Exception {
    fixture = IdentitiesTestServer.start(dir);
    StringBuilder users = new StringBuilder("[");
    for (int i = 0; i < 200; i++) {
      users
          .append(i == 0 ? "" : ",")
          .append("{\"user_id\":\"u")
          .append(i)
          .append("\",\"email\":\"private.person")
          .append(i)
          .append("@secret-example.com\"}");
    }
    fixture.loadJson(users.append(']').toString());
    fixture.close();
    fixture = null;

    for (int i = 0; i < 200; i += 37) {
      assertThat(filesContaining(dir, "private.person" + i + "@secret-example.com")).isEmpty();
    }
    assertThat(filesContaining(dir, "secret-example.com")).isEmpty();
  }

  private static String sequenced(String loadId, long sequence, String usersArray) {
    return "{\"users\":"
        + usersArray
        + ",\"load_id\":\""
        + loadId
        + "\",\"sequence\":"
        + sequence
        + "}";
  }

  /** The message of the Graph error a load of {@code json} is answered with. */
  private String refusal(String json) {
    AdminHttp.Answer answer = post(json);
    assertThat(answer.status()).isEqualTo(400);
    return answer.error().get("message").asText();
  }

  /** Posts from a thread of its own: requests of a load wait for each other at the server. */
  private CompletableFuture<AdminHttp.Answer> sendAsync(String json) {
    return CompletableFuture.supplyAsync(() -> post(json), senders);
  }

  private AdminHttp.Answer post(String json) {
    return fixture.admin.post(IDENTITIES, json);
  }

  private List<String> emailsOf(String userId) {
    return fixture.server.parts().identityBase().record(userId).orElseThrow().identifiers().stream()
        .filter(id -> id.kind() == IdentityKind.EMAIL)
        .map(id -> HexFormat.of().formatHex(id.hash()))
        .toList();
  }

  private HttpResponse<String> postBytes(byte[] json) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(fixture.server.baseUrl() + IDENTITIES))
            .header("Authorization", "Bearer " + fixture.server.adminToken().value())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      all.writeBytes(part);
    }
    return all.toByteArray();
  }

  private HttpResponse<String> postMultipart(String ndjson) throws Exception {
    String boundary = "matchlist-test-boundary";
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"users\"; filename=\"users.ndjson\"\r\n"
            + "Content-Type: application/x-ndjson\r\n\r\n"
            + ndjson
            + "\r\n--"
            + boundary
            + "--\r\n";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(fixture.server.baseUrl() + IDENTITIES))
            .header("Authorization", "Bearer " + fixture.server.adminToken().value())
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static List<Path> filesContaining(Path dir, String text) throws Exception {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).filter(f -> contains(read(f), needle)).toList();
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      return new byte[0];
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
