package dev.matchlist.server.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.facebook.ads.sdk.APIContext;
import com.facebook.ads.sdk.APIException;
import com.facebook.ads.sdk.CustomAudience;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Java Business SDK (24.0.1), unmodified, against our server over HTTPS: its
 * synchronous executor only speaks https, sends multipart on POST and DELETE, and adds a trailing
 * slash on GET (spec §7).
 */
class JavaSdkCompatibilityTest {

  static final String PAYLOAD =
      "{\"schema\":[\"EMAIL\",\"LOOKALIKE_VALUE\"],\"data\":[[\""
          + ClientShapesTest.HASH_1
          + "\",44.5],[\""
          + ClientShapesTest.HASH_2
          + "\",140]]}";

  @TempDir static Path dataDirectory;
  static GraphServer server;
  static SSLSocketFactory previousFactory;
  static APIContext context;

  @BeforeAll
  static void start() throws Exception {
    server =
        GraphServer.start(
            ServerConfig.builder().port(0).tls(ServerConfig.Tls.selfSigned(dataDirectory)).build(),
            EchoRoutes.build());
    previousFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
    // the SDK opens connections with the JVM-wide default factory; trust our certificate there
    HttpsURLConnection.setDefaultSSLSocketFactory(
        HttpsTest.trusting(HttpsTest.servedCertificate(dataDirectory)).getSocketFactory());
    String base = "https://localhost:" + server.port();
    context = new APIContext(base, base, "v21.0", "EAAJAVASDK", null, null, false);
  }

  @AfterAll
  static void stop() {
    HttpsURLConnection.setDefaultSSLSocketFactory(previousFactory);
    server.stop();
  }

  static JsonNode json(String raw) throws Exception {
    return GraphJson.MAPPER.readTree(raw);
  }

  @Test
  void addUsersArrivesAsAMultipartPostWithTokenPayloadAndSession() throws Exception {
    CustomAudience answer =
        new CustomAudience("23847289886190582", context)
            .createUser()
            .setPayload(PAYLOAD)
            .setSession("{\"session_id\":9778993,\"batch_seq\":1,\"last_batch_flag\":true}")
            .execute();

    JsonNode echo = json(answer.getRawResponse());
    assertThat(echo.path("method").asText()).isEqualTo("POST");
    assertThat(echo.path("edge").asText()).isEqualTo("users");
    assertThat(echo.path("token").asText()).isEqualTo("EAAJAVASDK");
    assertThat(echo.path("json").path("session").path("session_id").asLong()).isEqualTo(9778993);
    ClientShapesTest.assertPayloadIsTheSample(echo);
  }

  @Test
  void removeUsersArrivesAsAMultipartDelete() throws Exception {
    String raw =
        new CustomAudience("23847289886190582", context)
            .deleteUsers()
            .setPayload(PAYLOAD)
            .execute()
            .getRawResponse();

    JsonNode echo = json(raw);
    assertThat(echo.path("method").asText()).isEqualTo("DELETE");
    assertThat(echo.path("token").asText()).isEqualTo("EAAJAVASDK");
    ClientShapesTest.assertPayloadIsTheSample(echo);
  }

  @Test
  void fetchWithAllFieldsReachesTheNode() throws Exception {
    CustomAudience answer =
        new CustomAudience("23847289886190582", context).get().requestAllFields().execute();

    JsonNode echo = json(answer.getRawResponse());
    assertThat(echo.path("method").asText()).isEqualTo("GET");
    assertThat(echo.path("node").asText()).isEqualTo("23847289886190582");
    assertThat(echo.path("params").path("fields").asText())
        .contains("approximate_count_lower_bound", "operation_status");
  }

  @Test
  void aGraphErrorBecomesTheSdksApiExceptionWithOurEnvelope() throws Exception {
    APIException failure =
        catchThrowableOfType(
            APIException.class, () -> new CustomAudience("missing", context).get().execute());

    JsonNode error = json(failure.getRawResponse()).path("error");
    assertThat(error.path("code").asInt()).isEqualTo(100);
    assertThat(error.path("error_subcode").asInt()).isEqualTo(33);
    assertThat(error.path("message").asText())
        .startsWith("Unsupported get request. Object with ID 'missing' does not exist");
  }
}
