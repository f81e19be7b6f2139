package dev.matchlist.server.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.matchlist.server.AdminHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ad server's look-ups over real HTTP, after users are loaded and an upload matched them. */
class LookupServiceTest {
  @TempDir Path dir;
  private IdentitiesTestServer fixture;
  private String vips;

  @BeforeEach
  void setUp() throws InterruptedException {
    fixture = IdentitiesTestServer.start(dir);
    assertThat(
            fixture
                .loadJson(
                    "[{\"user_id\":\"u1\",\"email\":\"Ann@Example.com\"},"
                        + "{\"user_id\":\"u2\",\"email\":\"bob@example.com\"},"
                        + "{\"user_id\":\"u3\",\"email\":\"cy@example.com\"}]")
                .status())
        .isEqualTo(200);
    vips = fixture.createAudience("vips");
    fixture.uploadEmails(vips, List.of("ann@example.com", "bob@example.com", "x@example.org"));
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void aMatchedUserIsInTheAudience() {
    JsonNode answer = fixture.admin.get("/internal/v1/people/u1/audiences").body();

    assertThat(answer.get("user_id").asText()).isEqualTo("u1");
    assertThat(texts(answer.get("audiences"))).containsExactly(vips);
  }

  @Test
  void aLoadedUserNobodyUploadedIsInNoAudience() {
    assertThat(texts(fixture.admin.get("/internal/v1/people/u3/audiences").body().get("audiences")))
        .isEmpty();
  }

  @Test
  void anUnknownUserIsInNoAudienceRatherThanAnError() {
    AdminHttp.Answer answer = fixture.admin.get("/internal/v1/people/nobody/audiences");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(texts(answer.body().get("audiences"))).isEmpty();
  }

  @Test
  void theBatchFormAnswersEachUserInTheOrderAsked() throws InterruptedException {
    String second = fixture.createAudience("second");
    fixture.uploadEmails(second, List.of("bob@example.com"));

    JsonNode data =
        fixture
            .admin
            .post("/internal/v1/people/audiences", "{\"user_ids\":[\"u2\",\"nobody\",\"u1\"]}")
            .body()
            .get("data");

    assertThat(data).hasSize(3);
    assertThat(data.get(0).get("user_id").asText()).isEqualTo("u2");
    assertThat(texts(data.get(0).get("audiences")))
        .containsExactlyElementsOf(List.of(vips, second).stream().sorted().toList());
    assertThat(texts(data.get(1).get("audiences"))).isEmpty();
    assertThat(texts(data.get(2).get("audiences"))).containsExactly(vips);
  }

  @Test
  void theBatchFormRefusesMoreThanAThousandIds() {
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i <= LookupService.MAX_BATCH; i++) {
      ids.append(i == 0 ? "" : ",").append("\"u").append(i).append('"');
    }

    AdminHttp.Answer answer =
        fixture.admin.post("/internal/v1/people/audiences", "{\"user_ids\":[" + ids + "]}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error().get("code").asInt()).isEqualTo(105);
  }

  @Test
  void theMembersExportListsTheMembersUserIdsOneJsonLineEach() throws Exception {
    AdminHttp.Answer answer = fixture.admin.get("/internal/v1/audiences/" + vips + "/members");

    assertThat(answer.status()).isEqualTo(200);
    List<String> users = new ArrayList<>();
    for (String line : answer.raw().split("\n")) {
      users.add(AdminHttp.JSON.readTree(line).get("user_id").asText());
    }
    assertThat(users).containsExactlyInAnyOrder("u1", "u2");
  }

  @Test
  void theMembersExportStreamsChunkedRatherThanAsOneSizedBody() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            fixture.server.baseUrl()
                                + "/internal/v1/audiences/"
                                + vips
                                + "/members"))
                    .header("Authorization", "Bearer " + fixture.server.adminToken().value())
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("content-type")).hasValue("application/x-ndjson");
    assertThat(answer.headers().firstValue("transfer-encoding")).hasValue("chunked");
    assertThat(answer.headers().firstValue("content-length")).isEmpty();
    assertThat(answer.body().lines()).hasSize(2);
  }

  @Test
  void theMembersExportOfAnUnknownAudienceIsAnUnknownObject() {
    AdminHttp.Answer answer = fixture.admin.get("/internal/v1/audiences/987654321/members");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error().get("error_subcode").asInt()).isEqualTo(33);
  }

  @Test
  void lookUpsRefuseAnAdAccountTokenAsForbidden() {
    AdminHttp.Answer answer = fixture.graph.get("/internal/v1/people/u1/audiences");

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.error().get("code").asInt()).isEqualTo(200);
  }

  @Test
  void lookUpsRefuseAnyOtherTokenAsInvalid() {
    AdminHttp stranger = new AdminHttp(fixture.server.baseUrl(), Optional.of("not-a-token"));

    assertThat(stranger.get("/internal/v1/people/u1/audiences").error().get("code").asInt())
        .isEqualTo(190);
  }

  @Test
  void lookUpsWithoutATokenAreRefused() {
    AdminHttp anonymous = new AdminHttp(fixture.server.baseUrl(), Optional.empty());

    assertThat(anonymous.get("/internal/v1/people/u1/audiences").error().get("code").asInt())
        .isEqualTo(104);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  @Test
  void audiencesWhoseUploadFlaggedThePersonLimitedDataUseAreNamed() throws InterruptedException {
    String ldu = fixture.createAudience("ldu");
    AdminHttp.Answer upload =
        fixture.graph.post(
            "/v21.0/" + ldu + "/users",
            "{\"payload\":{\"schema\":[\"EMAIL\",\"DATA_PROCESSING_OPTIONS\"],\"data\":[[\""
                + dev.matchlist.core.Sha256.hex("ann@example.com")
                + "\",[\"LDU\"]],[\""
                + dev.matchlist.core.Sha256.hex("bob@example.com")
                + "\",[]]]}}");
    assertThat(upload.status()).isEqualTo(200);
    fixture.awaitApplied();

    JsonNode ann = fixture.admin.get("/internal/v1/people/u1/audiences").body();
    JsonNode bob = fixture.admin.get("/internal/v1/people/u2/audiences").body();

    assertThat(texts(ann.get("audiences"))).containsExactlyInAnyOrder(vips, ldu);
    assertThat(texts(ann.get("ldu_audiences"))).containsExactly(ldu);
    assertThat(texts(bob.get("audiences"))).containsExactlyInAnyOrder(vips, ldu);
    assertThat(texts(bob.get("ldu_audiences"))).isEmpty();
  }
}
