package dev.matchlist.server.audiences;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.server.graph.ServerConfig;
import dev.matchlist.server.store.Catalog;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audience object API through a real server, real RocksDB and plain HTTP. */
class AudiencesServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LIMIT = 4;

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;
  private AudienceApiServer api;

  @BeforeEach
  void start() {
    api = new AudienceApiServer(dir, ServerConfig.Tls.none(), LIMIT);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  // ---- create

  @Test
  void createAnswersANumericIdAndStoresTheDefinition() throws Exception {
    HttpResponse<String> response =
        post(
            "act_" + api.accountA.id() + "/customaudiences",
            form(
                "name", "VIPs",
                "subtype", "CUSTOM",
                "description", "best customers",
                "customer_file_source", "USER_PROVIDED_ONLY",
                "is_value_based", "true",
                "retention_days", "30",
                "opt_out_link", "https://shop.example/opt-out",
                "audience_labels", "[\"HIGH_VALUE_CUSTOMERS\"]"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.properties()).hasSize(1);
    assertThat(body.get("id").isTextual()).isTrue();
    assertThat(body.get("id").asText()).matches("\\d+");
    Catalog.AudienceSpec stored =
        api.catalog.audience(body.get("id").asText()).orElseThrow().spec();
    assertThat(stored)
        .isEqualTo(
            new Catalog.AudienceSpec(
                api.accountA.id(),
                "VIPs",
                "best customers",
                "CUSTOM",
                "USER_PROVIDED_ONLY",
                true,
                30,
                "https://shop.example/opt-out"));
  }

  @Test
  void createHonoursFieldsForReadAfterWrite() throws Exception {
    JsonNode body =
        ok(
            post(
                "act_" + api.accountA.id() + "/customaudiences",
                form("name", "VIPs", "fields", "name,account_id,operation_status,time_created")));

    assertThat(body.get("name").asText()).isEqualTo("VIPs");
    assertThat(body.get("account_id").asText()).isEqualTo(api.accountA.id());
    assertThat(body.get("operation_status").get("code").asInt()).isEqualTo(410);
    assertThat(body.get("time_created").isNumber()).isTrue();
    assertThat(body.get("time_created").asLong()).isEqualTo(api.clock.seconds());
  }

  @Test
  void aJsonQuotedSubtypeAsInMetasCurlExamplesIsCustom() throws Exception {
    JsonNode body =
        ok(
            post(
                "act_" + api.accountA.id() + "/customaudiences",
                form("name", "VIPs", "subtype", "\"CUSTOM\"", "fields", "subtype")));

    assertThat(body.get("subtype").asText()).isEqualTo("CUSTOM");
  }

  @Test
  void createWithoutANameIsAMissingParameter() throws Exception {
    JsonNode error = error(post("act_" + api.accountA.id() + "/customaudiences", form()));

    assertThat(error.get("code").asInt()).isEqualTo(100);
    assertThat(error.get("message").asText()).isEqualTo("(#100) Missing required parameter: name");
  }

  @Test
  void createRefusesABlankName() throws Exception {
    JsonNode error =
        error(post("act_" + api.accountA.id() + "/customaudiences", form("name", "  ")));

    assertThat(error.get("code").asInt()).isEqualTo(100);
    assertThat(error.get("message").asText()).contains("name");
  }

  @Test
  void createRefusesSubtypesOtherThanCustom() throws Exception {
    JsonNode error =
        error(
            post(
                "act_" + api.accountA.id() + "/customaudiences",
                form("name", "look", "subtype", "LOOKALIKE")));

    assertThat(error.get("code").asInt()).isEqualTo(100);
    assertThat(error.get("message").asText())
        .startsWith("(#100) Param subtype must be one of {CUSTOM}")
        .contains("LOOKALIKE");
    assertThat(api.catalog.audienceCount(api.accountA.id())).isZero();
  }

  @Test
  void createRefusesAnUnknownCustomerFileSource() throws Exception {
    JsonNode error =
        error(
            post(
                "act_" + api.accountA.id() + "/customaudiences",
                form("name", "VIPs", "customer_file_source", "FROM_A_FRIEND")));

    assertThat(error.get("code").asInt()).isEqualTo(100);
    assertThat(error.get("message").asText())
        .contains("customer_file_source", "USER_PROVIDED_ONLY", "FROM_A_FRIEND");
  }

  @Test
  void retentionDaysMustLieBetweenZeroAndOneHundredEighty() throws Exception {
    String path = "act_" + api.accountA.id() + "/customaudiences";
    for (String bad : List.of("181", "-1", "thirty", "1.5")) {
      JsonNode error = error(post(path, form("name", "x", "retention_days", bad)));
      assertThat(error.get("code").asInt()).as(bad).isEqualTo(100);
      assertThat(error.get("message").asText()).as(bad).contains("retention_days", bad);
    }
    assertThat(ok(post(path, form("name", "x", "retention_days", "0"))).has("id")).isTrue();
    assertThat(ok(post(path, form("name", "y", "retention_days", "180"))).has("id")).isTrue();
  }

  @Test
  void isValueBasedMustBeABoolean() throws Exception {
    JsonNode error =
        error(
            post(
                "act_" + api.accountA.id() + "/customaudiences",
                form("name", "x", "is_value_based", "maybe")));

    assertThat(error.get("code").asInt()).isEqualTo(100);
    assertThat(error.get("message").asText()).contains("is_value_based");
  }

  @Test
  void fetchOrCreateReturnsTheAudienceWithTheSameDefinition() throws Exception {
    String path = "act_" + api.accountA.id() + "/customaudiences";
    String id = ok(post(path, form("name", "VIPs", "description", "d"))).get("id").asText();

    String again =
        ok(post(path, form("name", "VIPs", "description", "d", "enable_fetch_or_create", "true")))
            .get("id")
            .asText();
    String different =
        ok(post(path, form("name", "VIPs", "description", "e", "enable_fetch_or_create", "true")))
            .get("id")
            .asText();
    String withoutTheFlag =
        ok(post(path, form("name", "VIPs", "description", "d"))).get("id").asText();

    assertThat(again).isEqualTo(id);
    assertThat(different).isNotEqualTo(id);
    assertThat(withoutTheFlag).isNotIn(id, different);
  }

  @Test
  void creatingBeyondTheAccountsLimitIs2654UntilOneIsDeleted() throws Exception {
    String path = "act_" + api.accountA.id() + "/customaudiences";
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < LIMIT; i++) {
      ids.add(ok(post(path, form("name", "a" + i))).get("id").asText());
    }

    HttpResponse<String> refused = post(path, form("name", "one too many"));
    JsonNode error = error(refused);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(error.get("code").asInt()).isEqualTo(2654);
    assertThat(error.get("type").asText()).isEqualTo("OAuthException");
    assertThat(error.get("message").asText())
        .startsWith("(#2654) Failed to create custom audience")
        .contains(Integer.toString(LIMIT));
    assertThat(api.catalog.audienceCount(api.accountA.id())).isEqualTo(LIMIT);

    ok(delete(ids.get(0)));
    assertThat(ok(post(path, form("name", "room again"))).has("id")).isTrue();
    // the other account's allowance is its own
    assertThat(
            ok(postAs(
                    api.tokenB, "act_" + api.accountB.id() + "/customaudiences", form("name", "b")))
                .has("id"))
        .isTrue();
  }

  @Test
  void concurrentCreatesNeverOvershootTheLimit() throws Exception {
    api.close();
    // a catalog that dawdles between counting and creating, so unserialized creates would race
    api =
        new AudienceApiServer(
            dir.resolve("racing"),
            ServerConfig.Tls.none(),
            LIMIT,
            AudienceStates.noUploadYet(),
            AudiencesServiceTest::slowToCreate);
    String path = "act_" + api.accountA.id() + "/customaudiences";
    int attempts = LIMIT * 3;
    List<java.util.concurrent.Future<HttpResponse<String>>> answers = new ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(attempts)) {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < attempts; i++) {
        String name = "racer " + i;
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return post(path, form("name", name));
                }));
      }
      go.countDown();
    }

    long created = 0;
    for (var answer : answers) {
      created += answer.get().statusCode() == 200 ? 1 : 0;
    }
    assertThat(created).isEqualTo(LIMIT);
    assertThat(api.catalog.audienceCount(api.accountA.id())).isEqualTo(LIMIT);
  }

  @Test
  void fetchOrCreateFindsAnExistingAudienceEvenAtTheLimit() throws Exception {
    String path = "act_" + api.accountA.id() + "/customaudiences";
    for (int i = 0; i < LIMIT; i++) {
      ok(post(path, form("name", "a" + i)));
    }
    JsonNode found = ok(post(path, form("name", "a0", "enable_fetch_or_create", "1")));
    assertThat(found.has("id")).isTrue();
  }

  @Test
  void theDefaultLimitIsMetasFiveHundred() {
    assertThat(AudiencesService.MAX_CUSTOMER_FILE_AUDIENCES).isEqualTo(500);
  }

  // ---- read

  @Test
  void readingWithoutFieldsGivesOnlyTheId() throws Exception {
    String id = createInA("VIPs");

    assertThat(get(id, Map.of()).body()).isEqualTo("{\"id\":\"" + id + "\"}");
  }

  @Test
  void readingFieldsGivesTheTypesTheSdksMapAndIgnoresUnknownOnes() throws Exception {
    String id = createInA("VIPs");

    JsonNode body =
        ok(
            get(
                id,
                Map.of(
                    "fields",
                    "id,account_id,name,approximate_count_lower_bound,delivery_status,"
                        + "retention_days,is_value_based,time_updated,rule,pixel_id")));

    assertThat(body.get("account_id").isTextual()).isTrue();
    assertThat(body.get("approximate_count_lower_bound").isNumber()).isTrue();
    assertThat(body.get("delivery_status").get("code").isInt()).isTrue();
    assertThat(body.get("delivery_status").get("description").isTextual()).isTrue();
    assertThat(body.get("retention_days").isInt()).isTrue();
    assertThat(body.get("is_value_based").isBoolean()).isTrue();
    assertThat(body.get("time_updated").isNumber()).isTrue();
    assertThat(body.has("rule")).isFalse();
    assertThat(body.has("pixel_id")).isFalse();
  }

  @Test
  void statesComeFromThePluggedInSource() throws Exception {
    api.close();
    api =
        new AudienceApiServer(
            dir.resolve("matched"),
            ServerConfig.Tls.none(),
            LIMIT,
            audience -> new AudienceState(1000, 1100, 200, 200));
    String id = createInA("VIPs");

    JsonNode body = ok(get(id, Map.of("fields", "approximate_count_upper_bound,operation_status")));

    assertThat(body.get("approximate_count_upper_bound").asLong()).isEqualTo(1100);
    assertThat(body.get("operation_status").get("code").asInt()).isEqualTo(200);
  }

  @Test
  void withoutACustomerFileSourceTheFieldIsLeftOut() throws Exception {
    String id = createInA("VIPs");

    JsonNode body = ok(get(id, Map.of("fields", "name,customer_file_source")));

    assertThat(body.has("customer_file_source")).isFalse();
    assertThat(body.get("name").asText()).isEqualTo("VIPs");
  }

  @Test
  void everyCallCarriesTheAccountsUsageHeader() throws Exception {
    String id = createInA("VIPs");

    HttpResponse<String> read = get(id, Map.of());
    HttpResponse<String> list = get("act_" + api.accountA.id() + "/customaudiences", Map.of());

    for (HttpResponse<String> response : List.of(read, list)) {
      JsonNode usage =
          JSON.readTree(response.headers().firstValue("X-Business-Use-Case-Usage").orElseThrow());
      assertThat(usage.has(api.accountA.id())).isTrue();
    }
  }

  // ---- update and delete

  @Test
  void anUpdateChangesTheSentFieldsOnlyAndBumpsTimeUpdated() throws Exception {
    String id =
        ok(post(
                "act_" + api.accountA.id() + "/customaudiences",
                form("name", "old", "description", "kept", "retention_days", "30")))
            .get("id")
            .asText();
    api.clock.advance(60);

    JsonNode answer =
        ok(
            post(
                id,
                form(
                    "name", "new",
                    "retention_days", "90",
                    "customer_file_source", "PARTNER_PROVIDED_ONLY",
                    "opt_out_link", "https://x.example/out")));

    assertThat(answer.toString()).isEqualTo("{\"success\":true}");
    JsonNode read =
        ok(
            get(
                id,
                Map.of(
                    "fields",
                    "name,description,retention_days,customer_file_source,opt_out_link,"
                        + "time_created,time_updated")));
    assertThat(read.get("name").asText()).isEqualTo("new");
    assertThat(read.get("description").asText()).isEqualTo("kept");
    assertThat(read.get("retention_days").asInt()).isEqualTo(90);
    assertThat(read.get("customer_file_source").asText()).isEqualTo("PARTNER_PROVIDED_ONLY");
    assertThat(read.get("opt_out_link").asText()).isEqualTo("https://x.example/out");
    assertThat(read.get("time_updated").asLong()).isEqualTo(read.get("time_created").asLong() + 60);
  }

  @Test
  void anInvalidUpdateChangesNothing() throws Exception {
    String id = createInA("VIPs");

    JsonNode error = error(post(id, form("name", "renamed", "retention_days", "999")));

    assertThat(error.get("code").asInt()).isEqualTo(100);
    assertThat(api.catalog.audience(id).orElseThrow().spec().name()).isEqualTo("VIPs");
  }

  @Test
  void aDeletedAudienceIsGoneForReadsListsAndUpdates() throws Exception {
    String id = createInA("VIPs");

    assertThat(ok(delete(id)).toString()).isEqualTo("{\"success\":true}");

    assertUnknownObject(get(id, Map.of()), id);
    assertUnknownObject(post(id, form("name", "x")), id);
    assertUnknownObject(delete(id), id);
    assertThat(get("act_" + api.accountA.id() + "/customaudiences", Map.of()).body())
        .isEqualTo("{\"data\":[]}");
  }

  @Test
  void aPostWithMethodDeleteDeletes() throws Exception {
    String id = createInA("VIPs");

    assertThat(ok(post(id, form("method", "DELETE"))).get("success").asBoolean()).isTrue();
    assertThat(api.catalog.audience(id)).isEmpty();
  }

  // ---- tenancy

  @Test
  void anotherAccountsAudienceAnswersLikeAMissingOneForEveryVerb() throws Exception {
    String idOfB =
        ok(postAs(api.tokenB, "act_" + api.accountB.id() + "/customaudiences", form("name", "B's")))
            .get("id")
            .asText();

    assertUnknownObject(get(idOfB, Map.of("fields", "name")), idOfB);
    assertUnknownObject(post(idOfB, form("name", "stolen")), idOfB);
    assertUnknownObject(delete(idOfB), idOfB);
    assertThat(api.catalog.audience(idOfB).orElseThrow().spec().name()).isEqualTo("B's");
  }

  @Test
  void anotherAccountsEdgeAnswersLikeAMissingAccount() throws Exception {
    String edge = "act_" + api.accountB.id() + "/customaudiences";

    assertUnknownObject(get(edge, Map.of()), "act_" + api.accountB.id());
    assertUnknownObject(post(edge, form("name", "planted")), "act_" + api.accountB.id());
    assertThat(api.catalog.audienceCount(api.accountB.id())).isZero();
  }

  @Test
  void noTokenIs104BeforeAnythingElse() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        api.baseUrl() + "/v21.0/act_" + api.accountA.id() + "/customaudiences"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(error(response).get("code").asInt()).isEqualTo(104);
  }

  // ---- helpers

  static Catalog slowToCreate(Catalog catalog) {
    return (Catalog)
        java.lang.reflect.Proxy.newProxyInstance(
            Catalog.class.getClassLoader(),
            new Class<?>[] {Catalog.class},
            (proxy, method, args) -> {
              if (method.getName().equals("createAudience")) {
                Thread.sleep(50);
              }
              try {
                return method.invoke(catalog, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  String createInA(String name) throws Exception {
    return ok(post("act_" + api.accountA.id() + "/customaudiences", form("name", name)))
        .get("id")
        .asText();
  }

  static Map<String, String> form(String... namesAndValues) {
    Map<String, String> form = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      form.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return form;
  }

  static String encode(Map<String, String> params) {
    return params.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  HttpResponse<String> get(String path, Map<String, String> params) throws Exception {
    Map<String, String> query = new LinkedHashMap<>(params);
    query.put("access_token", api.tokenA);
    return fetch(api.baseUrl() + "/v21.0/" + path + "?" + encode(query));
  }

  HttpResponse<String> fetch(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, Map<String, String> params) throws Exception {
    return postAs(api.tokenA, path, params);
  }

  HttpResponse<String> postAs(String token, String path, Map<String, String> params)
      throws Exception {
    Map<String, String> body = new LinkedHashMap<>(params);
    body.put("access_token", token);
    return http.send(
        HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v21.0/" + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encode(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> delete(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(api.baseUrl() + "/v21.0/" + path + "?access_token=" + api.tokenA))
            .DELETE()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode ok(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  static JsonNode error(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    return JSON.readTree(response.body()).get("error");
  }

  static void assertUnknownObject(HttpResponse<String> response, String id) throws Exception {
    JsonNode error = error(response);
    assertThat(error.get("code").asInt()).isEqualTo(100);
    assertThat(error.get("error_subcode").asInt()).isEqualTo(33);
    assertThat(error.get("message").asText())
        .contains("Object with ID '" + id + "' does not exist");
  }
}
