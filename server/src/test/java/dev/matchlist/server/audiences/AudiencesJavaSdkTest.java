package dev.matchlist.server.audiences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.facebook.ads.sdk.APIContext;
import com.facebook.ads.sdk.APIException;
import com.facebook.ads.sdk.APINodeList;
import com.facebook.ads.sdk.AdAccount;
import com.facebook.ads.sdk.CustomAudience;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.server.graph.ServerConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Java Business SDK (24.0.1), unmodified, managing audiences over HTTPS with the
 * self-signed certificate: create (multipart POST), fetch (~41 fields, trailing slash), list with
 * all fields and its own paging, update, delete.
 */
class AudiencesJavaSdkTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDirectory;
  static AudienceApiServer api;
  static SSLSocketFactory previousFactory;
  static APIContext context;
  static AdAccount accountA;

  @BeforeAll
  static void start() throws Exception {
    api = new AudienceApiServer(dataDirectory, ServerConfig.Tls.selfSigned(dataDirectory), 500);
    previousFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
    // the SDK opens connections with the JVM-wide default factory; trust our certificate there
    HttpsURLConnection.setDefaultSSLSocketFactory(
        trusting(servedCertificate(dataDirectory)).getSocketFactory());
    String base = "https://localhost:" + api.server.port();
    context = new APIContext(base, base, "v21.0", api.tokenA, null, null, false);
    accountA = new AdAccount("act_" + api.accountA.id(), context);
  }

  @AfterAll
  static void stop() {
    HttpsURLConnection.setDefaultSSLSocketFactory(previousFactory);
    api.close();
  }

  private static CustomAudience create(String name) throws APIException {
    return accountA
        .createCustomAudience()
        .setName(name)
        .setSubtype(CustomAudience.EnumSubtype.VALUE_CUSTOM)
        .setCustomerFileSource(CustomAudience.EnumCustomerFileSource.VALUE_USER_PROVIDED_ONLY)
        .setDescription("from the Java SDK")
        .execute();
  }

  @Test
  void createThenFetchWithEveryFieldTheSdkKnows() throws Exception {
    CustomAudience created = create("sdk created");

    CustomAudience fetched = new CustomAudience(created.getId(), context).fetch();

    assertThat(created.getId()).matches("\\d+");
    assertThat(fetched.getFieldName()).isEqualTo("sdk created");
    assertThat(fetched.getFieldAccountId()).isEqualTo(api.accountA.id());
    assertThat(fetched.getFieldSubtype()).isEqualTo("CUSTOM");
    assertThat(fetched.getFieldCustomerFileSource()).isEqualTo("USER_PROVIDED_ONLY");
    assertThat(fetched.getFieldApproximateCountLowerBound()).isZero();
    assertThat(fetched.getFieldOperationStatus().getFieldCode()).isEqualTo(410L);
    assertThat(fetched.getFieldDeliveryStatus().getFieldCode()).isEqualTo(300L);
    assertThat(fetched.getFieldTimeCreated()).isEqualTo(api.clock.seconds());
  }

  @Test
  void listingWithAllFieldsPagesThroughNextPage() throws Exception {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      made.add(create("page " + i).getId());
    }

    List<String> seen = new ArrayList<>();
    // In 24.0.1 this edge's requestAllFields() knows no fields (it would ask for ids only), so
    // the field is named as well: it must survive onto the pages the SDK fetches through next.
    APINodeList<CustomAudience> page =
        accountA
            .getCustomAudiences()
            .requestAllFields()
            .requestField("account_id")
            .setParam("limit", 2)
            .execute();
    int pages = 0;
    while (page != null) {
      pages++;
      for (CustomAudience audience : page) {
        assertThat(audience.getFieldAccountId()).isEqualTo(api.accountA.id());
        seen.add(audience.getId());
      }
      page = page.nextPage();
    }

    assertThat(pages).isGreaterThanOrEqualTo(3);
    assertThat(seen).doesNotHaveDuplicates().containsAll(made);
    assertThat(seen).hasSize(api.catalog.audienceCount(api.accountA.id()));
  }

  @Test
  void theAutoPaginationIteratorSeesEveryAudience() throws Exception {
    for (int i = 0; i < 3; i++) {
      create("auto " + i);
    }

    List<String> seen = new ArrayList<>();
    accountA
        .getCustomAudiences()
        .requestField("name")
        .setParam("limit", 1)
        .execute()
        .withAutoPaginationIterator(true)
        .forEach(audience -> seen.add(audience.getFieldName()));

    assertThat(seen).doesNotHaveDuplicates().contains("auto 0", "auto 1", "auto 2");
    assertThat(seen).hasSize(api.catalog.audienceCount(api.accountA.id()));
  }

  @Test
  void updateRenamesAndDeleteRemoves() throws Exception {
    String id = create("before").getId();
    CustomAudience audience = new CustomAudience(id, context);

    JsonNode updated =
        JSON.readTree(
            audience.update().setName("after").setRetentionDays(30L).execute().getRawResponse());
    CustomAudience fetched = audience.fetch();
    JsonNode deleted = JSON.readTree(audience.delete().execute().getRawResponse());

    assertThat(updated.get("success").asBoolean()).isTrue();
    assertThat(fetched.getFieldName()).isEqualTo("after");
    assertThat(fetched.getFieldRetentionDays()).isEqualTo(30L);
    assertThat(deleted.get("success").asBoolean()).isTrue();
    assertThat(api.catalog.audience(id)).isEmpty();
  }

  @Test
  void anotherAccountsAudienceIsAnApiExceptionLikeAMissingOne() throws Exception {
    String idOfB =
        api.catalog
            .createAudience(
                new dev.matchlist.server.store.Catalog.AudienceSpec(
                    api.accountB.id(), "B's", "", "CUSTOM", "", false, 0, ""))
            .id();

    APIException failure =
        catchThrowableOfType(APIException.class, () -> new CustomAudience(idOfB, context).fetch());

    JsonNode error = JSON.readTree(failure.getRawResponse()).get("error");
    assertThat(error.get("code").asInt()).isEqualTo(100);
    assertThat(error.get("error_subcode").asInt()).isEqualTo(33);
  }

  /** A client SSLContext that trusts exactly the certificate the server serves. */
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

  /** The certificate in the keystore the server wrote under {@code <data>/tls}. */
  static X509Certificate servedCertificate(Path dataDirectory) throws Exception {
    Path tls = dataDirectory.resolve("tls");
    String password = Files.readString(tls.resolve("self-signed.password")).strip();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(tls.resolve("self-signed.p12"))) {
      store.load(in, password.toCharArray());
    }
    String alias = Collections.list(store.aliases()).get(0);
    return (X509Certificate) store.getCertificate(alias);
  }
}
