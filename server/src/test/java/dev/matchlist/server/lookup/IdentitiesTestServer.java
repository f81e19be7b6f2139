package dev.matchlist.server.lookup;

import dev.matchlist.core.Sha256;
import dev.matchlist.server.AdminHttp;
import dev.matchlist.server.MatchlistServer;
import dev.matchlist.server.TestTenant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A real server on a free port with an app, an ad account and its token, for the identities and
 * look-up tests: loads users through the admin API and uploads emails through the Graph API.
 */
public final class IdentitiesTestServer implements AutoCloseable {
  public static final String ADMIN = "/_matchlist/admin/v1";

  public final MatchlistServer server;
  public final AdminHttp admin;
  public final AdminHttp graph;
  public final String account;
  private int sessions;

  public IdentitiesTestServer(MatchlistServer server) {
    this.server = server;
    this.admin = new AdminHttp(server.baseUrl(), Optional.of(server.adminToken().value()));
    TestTenant tenant = TestTenant.create(server);
    this.account = tenant.accountId();
    this.graph = tenant.graph();
  }

  public static IdentitiesTestServer start(Path dir) {
    return new IdentitiesTestServer(
        MatchlistServer.start(MatchlistServer.Settings.builder(dir).port(0).build()));
  }

  /** Loads users given as a JSON array of objects through the admin API. */
  public AdminHttp.Answer loadJson(String usersArray) {
    return admin.post(ADMIN + "/identities", "{\"users\":" + usersArray + "}");
  }

  public String createAudience(String name) {
    return graph
        .post("/v21.0/act_" + account + "/customaudiences", "{\"name\":\"" + name + "\"}")
        .body()
        .get("id")
        .asText();
  }

  /**
   * Uploads the emails' hashes to the audience in a one-batch session and waits until the matcher
   * has applied it.
   */
  public void uploadEmails(String audience, List<String> emails) throws InterruptedException {
    String data =
        emails.stream().map(e -> '"' + Sha256.hex(e) + '"').collect(Collectors.joining(","));
    AdminHttp.Answer upload =
        graph.post(
            "/v21.0/" + audience + "/users",
            "{\"payload\":{\"schema\":\"EMAIL_SHA256\",\"data\":["
                + data
                + "]},\"session\":{\"session_id\":"
                + (++sessions)
                + ",\"batch_seq\":1,\"last_batch_flag\":true}}");
    if (upload.status() != 200) {
      throw new IllegalStateException("upload refused: " + upload.raw());
    }
    awaitApplied();
  }

  /** Waits until the matcher has applied everything in the intake log so far. */
  public void awaitApplied() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    MatchlistServer.Parts parts = server.parts();
    while (!parts.intakeLog().readAfter(parts.membership().appliedThrough(), 1).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the matcher did not apply the intake log in time");
      }
      Thread.sleep(5);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
