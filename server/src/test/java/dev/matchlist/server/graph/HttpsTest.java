package dev.matchlist.server.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS with the self-signed certificate, trusted the way a client pins it. The certificate is made
 * once for the class (keytool takes seconds to start on a busy machine) and reused by every test,
 * which is itself the reuse behaviour under test.
 */
class HttpsTest {

  @TempDir static Path dataDirectory;

  @BeforeAll
  static void makeTheCertificateOnce() {
    SelfSignedCertificate.loadOrCreate(dataDirectory);
  }

  static ServerConfig selfSigned(Path dataDirectory) {
    return ServerConfig.builder().port(0).tls(ServerConfig.Tls.selfSigned(dataDirectory)).build();
  }

  /** A client SSLContext that trusts exactly the certificate in the server's keystore. */
  static SSLContext trusting(X509Certificate certificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("matchlist", certificate);
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  static X509Certificate servedCertificate(Path dataDirectory) throws Exception {
    Path tls = dataDirectory.resolve("tls");
    String password = Files.readString(tls.resolve("self-signed.password")).strip();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(tls.resolve("self-signed.p12"))) {
      store.load(in, password.toCharArray());
    }
    return (X509Certificate) store.getCertificate(SelfSignedCertificate.ALIAS);
  }

  @Test
  void aClientTrustingTheSelfSignedCertificateTalksGraphOverHttps() throws Exception {
    try (GraphServer server = GraphServer.start(selfSigned(dataDirectory), EchoRoutes.build())) {
      HttpClient client =
          HttpClient.newBuilder().sslContext(trusting(servedCertificate(dataDirectory))).build();
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(server.baseUrl() + "/v21.0/act_42/customaudiences?access_token=T"))
              .build();

      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

      assertThat(server.baseUrl()).startsWith("https://");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(GraphJson.MAPPER.readTree(response.body()).path("ad_account").asText())
          .isEqualTo("42");
      assertThat(response.headers().firstValue("facebook-api-version")).hasValue("v21.0");
    }
  }

  @Test
  void theFingerprintIsTheSha256OfTheServedCertificate() throws Exception {
    try (GraphServer server = GraphServer.start(selfSigned(dataDirectory), EchoRoutes.build())) {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(servedCertificate(dataDirectory).getEncoded());
      String expected = java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);

      assertThat(server.certificateFingerprint()).hasValue(expected);
      assertThat(expected).hasSize(32 * 3 - 1);
    }
  }

  @Test
  void theCertificateIsReusedOnRestart() throws Exception {
    String first;
    try (GraphServer server = GraphServer.start(selfSigned(dataDirectory), EchoRoutes.build())) {
      first = server.certificateFingerprint().orElseThrow();
    }
    try (GraphServer again = GraphServer.start(selfSigned(dataDirectory), EchoRoutes.build())) {
      assertThat(again.certificateFingerprint()).hasValue(first);
    }
  }

  @Test
  void theKeystoreAndPasswordAreReadableByTheOwnerOnly() throws Exception {
    for (String file : new String[] {"self-signed.p12", "self-signed.password"}) {
      assertThat(Files.getPosixFilePermissions(dataDirectory.resolve("tls").resolve(file)))
          .containsExactlyInAnyOrder(
              java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }
  }

  @Test
  void theCertificateNamesLocalhostAndLoopback() throws Exception {
    try (GraphServer server = GraphServer.start(selfSigned(dataDirectory), EchoRoutes.build())) {
      X509Certificate certificate = servedCertificate(dataDirectory);

      assertThat(certificate.getSubjectAlternativeNames())
          .extracting(entry -> entry.get(1).toString())
          .contains("localhost", "127.0.0.1");
    }
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateIsRefused() throws Exception {
    try (GraphServer server = GraphServer.start(selfSigned(dataDirectory), EchoRoutes.build())) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v21.0/1")).build();

      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void aGivenPkcs12KeystoreIsServed() throws Exception {
    SelfSignedCertificate made = SelfSignedCertificate.loadOrCreate(dataDirectory);
    ServerConfig config =
        ServerConfig.builder()
            .port(0)
            .tls(ServerConfig.Tls.keystore(made.keystore(), made.password()))
            .build();
    try (GraphServer server = GraphServer.start(config, EchoRoutes.build())) {
      HttpClient client =
          HttpClient.newBuilder().sslContext(trusting(servedCertificate(dataDirectory))).build();

      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v21.0/9")).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(server.certificateFingerprint()).isPresent();
    }
  }
}
