package dev.matchlist.server.audiences;

import static dev.matchlist.server.audiences.AudiencesServiceTest.encode;
import static dev.matchlist.server.audiences.AudiencesServiceTest.error;
import static dev.matchlist.server.audiences.AudiencesServiceTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.matchlist.server.graph.ServerConfig;
import dev.matchlist.server.store.Catalog;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /act_{account}/customaudiences}: pages, cursors and the URLs the SDKs follow. */
class AudienceListingTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;
  private AudienceApiServer api;
  private String edge;

  @BeforeEach
  void start() {
    api = new AudienceApiServer(dir, ServerConfig.Tls.none(), 500);
    edge = "/v21.0/act_" + api.accountA.id() + "/customaudiences";
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /** Creates audiences one second apart, so the newest-first order is known: last made first. */
  private List<String> createInA(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      api.clock.advance(1);
      ids.add(0, api.catalog.createAudience(spec(api.accountA.id(), "a" + i)).id());
    }
    return ids;
  }

  private static Catalog.AudienceSpec spec(String account, String name) {
    return new Catalog.AudienceSpec(account, name, "", "CUSTOM", "", false, 0, "");
  }

  private HttpResponse<String> fetch(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> list(Map<String, String> params) throws Exception {
    Map<String, String> query = new LinkedHashMap<>(params);
    query.put("access_token", api.tokenA);
    return fetch(api.baseUrl() + edge + "?" + encode(query));
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("data").forEach(a -> ids.add(a.get("id").asText()));
    return ids;
  }

  private static Map<String, String> queryOf(String url) {
    Map<String, String> params = new HashMap<>();
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  @Test
  void anEmptyAccountListsAsDataOnly() throws Exception {
    assertThat(list(Map.of()).body()).isEqualTo("{\"data\":[]}");
  }

  @Test
  void followingNextVerbatimWalksThreePagesAndPreviousWalksBack() throws Exception {
    List<String> all = createInA(7);
    api.catalog.createAudience(spec(api.accountB.id(), "not A's"));

    JsonNode first = ok(list(Map.of("limit", "3", "fields", "name,account_id", "locale", "de_DE")));
    JsonNode second = ok(fetch(first.get("paging").get("next").asText()));
    JsonNode third = ok(fetch(second.get("paging").get("next").asText()));

    assertThat(ids(first)).isEqualTo(all.subList(0, 3));
    assertThat(ids(second)).isEqualTo(all.subList(3, 6));
    assertThat(ids(third)).isEqualTo(all.subList(6, 7));
    assertThat(first.get("paging").has("previous")).isFalse();
    assertThat(third.get("paging").has("next")).isFalse();
    // the fields asked for on the first page still apply on the pages the SDK fetches itself
    assertThat(third.get("data").get(0).get("account_id").asText()).isEqualTo(api.accountA.id());

    JsonNode backToSecond = ok(fetch(third.get("paging").get("previous").asText()));
    JsonNode backToFirst = ok(fetch(backToSecond.get("paging").get("previous").asText()));
    assertThat(ids(backToSecond)).isEqualTo(ids(second));
    assertThat(ids(backToFirst)).isEqualTo(ids(first));
  }

  @Test
  void pagingUrlsAreAbsoluteOnThisServerWithTheTokenAndTheOriginalParameters() throws Exception {
    createInA(5);

    JsonNode first = ok(list(Map.of("limit", "2", "fields", "name", "summary", "true")));
    String next = first.get("paging").get("next").asText();
    JsonNode second = ok(fetch(next));
    String previous = second.get("paging").get("previous").asText();

    for (String url : List.of(next, previous)) {
      assertThat(url).startsWith(api.baseUrl() + edge + "?");
      Map<String, String> query = queryOf(url);
      assertThat(query)
          .containsEntry("access_token", api.tokenA)
          .containsEntry("limit", "2")
          .containsEntry("fields", "name")
          .containsEntry("summary", "true");
    }
    assertThat(queryOf(next))
        .containsEntry("after", first.get("paging").get("cursors").get("after").asText())
        .doesNotContainKey("before");
    assertThat(queryOf(previous))
        .containsEntry("before", second.get("paging").get("cursors").get("before").asText())
        .doesNotContainKey("after");
  }

  @Test
  void aTokenSentAsABearerHeaderIsWrittenIntoNext() throws Exception {
    createInA(3);

    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(api.baseUrl() + edge + "?limit=1"))
                .header("Authorization", "Bearer " + api.tokenA)
                .build(),
            HttpResponse.BodyHandlers.ofString());

    String next = ok(response).get("paging").get("next").asText();
    assertThat(queryOf(next)).containsEntry("access_token", api.tokenA);
    assertThat(ok(fetch(next)).get("data")).hasSize(1);
  }

  @Test
  void theAfterCursorAloneGivesTheNextPageAsThePythonSdkAsksForIt() throws Exception {
    List<String> all = createInA(4);

    JsonNode first = ok(list(Map.of("limit", "2")));
    String after = first.get("paging").get("cursors").get("after").asText();
    JsonNode second = ok(list(Map.of("limit", "2", "after", after)));

    assertThat(ids(second)).isEqualTo(all.subList(2, 4));
    assertThat(second.get("paging").has("next")).isFalse();
  }

  @Test
  void theDefaultPageHoldsTwentyFive() throws Exception {
    createInA(26);

    JsonNode page = ok(list(Map.of()));

    assertThat(page.get("data")).hasSize(25);
    assertThat(page.get("paging").has("next")).isTrue();
    // without fields only ids
    assertThat(page.get("data").get(0).properties()).hasSize(1);
  }

  @Test
  void summaryCountsTheWholeAccount() throws Exception {
    createInA(3);

    JsonNode page = ok(list(Map.of("limit", "1", "summary", "true")));

    assertThat(page.get("summary").get("total_count").asInt()).isEqualTo(3);
    assertThat(ok(list(Map.of("limit", "1"))).has("summary")).isFalse();
  }

  @Test
  void aCursorStaysValidWhenItsAudienceIsDeleted() throws Exception {
    List<String> all = createInA(4);
    JsonNode first = ok(list(Map.of("limit", "2")));
    api.catalog.deleteAudience(all.get(1));

    JsonNode second = ok(fetch(first.get("paging").get("next").asText()));

    assertThat(ids(second)).isEqualTo(all.subList(2, 4));
  }

  @Test
  void aLimitThatIsNotAPositiveNumberIsRefused() throws Exception {
    for (String bad : List.of("0", "-5", "ten", "99999999999")) {
      JsonNode error = error(list(Map.of("limit", bad)));
      assertThat(error.get("code").asInt()).as(bad).isEqualTo(100);
      assertThat(error.get("message").asText()).as(bad).contains("limit");
    }
  }

  @Test
  void aLimitAboveTheMaximumGivesTheMaximum() throws Exception {
    createInA(3);

    assertThat(ok(list(Map.of("limit", "100000"))).get("data")).hasSize(3);
  }

  @Test
  void aForgedCursorIsRefused() throws Exception {
    for (String bad : List.of("not base64!", "aGVsbG8", "MTIzLjQvNQ")) {
      JsonNode error = error(list(Map.of("after", bad)));
      assertThat(error.get("code").asInt()).as(bad).isEqualTo(100);
      assertThat(error.get("message").asText()).as(bad).contains("after");
    }
  }
}
