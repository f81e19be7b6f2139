package dev.matchlist.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.server.store.RocksStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code matchlist serve} as a real process: startup line, environment, SIGTERM, TLS. */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void sigtermStopsTheServerWithExitZeroAndLeavesAStoreThatReopens() throws Exception {
    CliRun.Server server = CliRun.Server.start("--data", dir.toString(), "--port", "0");
    int status;
    try {
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v21.0/1")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(answer.body()).contains("\"error\"");
      status = server.terminate();
    } finally {
      server.close();
    }

    assertThat(status).isEqualTo(0);
    try (RocksStore reopened = RocksStore.open(dir.resolve("db"))) {
      assertThat(reopened).isNotNull();
    }
  }

  @Test
  void theStartupLineNamesTheRealPortAndTheAdminTokenFile() {
    try (CliRun.Server server = CliRun.Server.start("--data", dir.toString(), "--port", "0")) {
      assertThat(server.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+").doesNotEndWith(":0");
      assertThat(server.adminTokenFile()).isEqualTo(dir.resolve("admin-token"));
      assertThat(server.fingerprint()).isNull();
    }
  }

  @Test
  void environmentVariablesStandInForTheOptions() {
    Path data = dir.resolve("from-env");
    try (CliRun.Server server =
        CliRun.Server.start(Map.of("MATCHLIST_DATA", data.toString(), "MATCHLIST_PORT", "0"))) {
      assertThat(server.adminTokenFile()).isEqualTo(data.resolve("admin-token"));
    }
  }

  @Test
  void theStartupLineNamesTheIdentityBaseWhenNoMatchingIsChosen() {
    try (CliRun.Server server = CliRun.Server.start("--data", dir.toString(), "--port", "0")) {
      assertThat(server.matching()).isEqualTo("identities");
    }
  }

  @Test
  void matchingSyntheticWithoutARateUsesSevenTenths() {
    try (CliRun.Server server =
        CliRun.Server.start("--data", dir.toString(), "--port", "0", "--matching", "synthetic")) {
      assertThat(server.matching()).isEqualTo("synthetic:0.7");
    }
  }

  @Test
  void theMatchingEnvironmentVariableChoosesAPopulation() {
    try (CliRun.Server server =
        CliRun.Server.start(
            Map.of("MATCHLIST_MATCHING", "population:500"),
            "--data",
            dir.toString(),
            "--port",
            "0")) {
      assertThat(server.matching()).isEqualTo("population:500");
    }
  }

  @Test
  void anUnknownMatchingSourceIsAUsageErrorThatNamesTheAcceptedForms() {
    CliRun.Result result =
        CliRun.run("serve", "--data", dir.toString(), "--port", "0", "--matching", "everyone");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("synthetic[:rate").contains("everyone");
  }

  @Test
  void withoutADataDirectoryServeIsAUsageError() {
    CliRun.Result result = CliRun.run("serve", "--port", "0");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--data");
  }

  @Test
  void aSecondServerOnTheSameDataDirectoryExitsWith4() {
    try (CliRun.Server first = CliRun.Server.start("--data", dir.toString(), "--port", "0")) {
      CliRun.Result second = CliRun.run("serve", "--data", dir.toString(), "--port", "0");

      assertThat(second.exitCode()).isEqualTo(4);
      assertThat(second.err()).contains("cannot open the data directory");
    }
  }

  @Test
  void aSelfSignedServerPrintsTheFingerprintOfTheCertificateItServes() throws Exception {
    try (CliRun.Server server =
        CliRun.Server.start("--data", dir.toString(), "--port", "0", "--tls-self-signed")) {
      X509Certificate served = servedCertificate(server.baseUrl());
      String expected =
          HexFormat.ofDelimiter(":")
              .withUpperCase()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(served.getEncoded()));

      assertThat(server.baseUrl()).startsWith("https://");
      assertThat(server.fingerprint()).isEqualTo(expected);
    }
  }

  private static X509Certificate servedCertificate(String baseUrl) throws Exception {
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trustAll}, null);
    HttpsURLConnection connection =
        (HttpsURLConnection) URI.create(baseUrl + "/v21.0/1").toURL().openConnection();
    connection.setSSLSocketFactory(context.getSocketFactory());
    connection.setHostnameVerifier((host, session) -> true);
    try {
      connection.getResponseCode();
      return (X509Certificate) connection.getServerCertificates()[0];
    } finally {
      connection.disconnect();
    }
  }
}
