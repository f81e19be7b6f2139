package dev.matchlist.server;

import java.util.Optional;

/**
 * An app, one of its ad accounts and a token for that account, created through the admin API of a
 * started server: the setup most HTTP tests begin with.
 *
 * @param accountId the ad account's id without {@code act_}
 * @param graph a client calling the Graph API with the token
 */
public record TestTenant(String appId, String accountId, String token, AdminHttp graph) {
  private static final String ADMIN = "/_matchlist/admin/v1";

  public static TestTenant create(MatchlistServer server) {
    AdminHttp admin = new AdminHttp(server.baseUrl(), Optional.of(server.adminToken().value()));
    String app = admin.post(ADMIN + "/apps", "{\"name\":\"shop\"}").body().get("id").asText();
    String account =
        admin
            .post(ADMIN + "/ad_accounts", "{\"name\":\"ads\",\"app_id\":\"" + app + "\"}")
            .body()
            .get("account_id")
            .asText();
    String token =
        admin
            .post(
                ADMIN + "/tokens",
                "{\"app_id\":\"" + app + "\",\"ad_account_ids\":[\"" + account + "\"]}")
            .body()
            .get("token")
            .asText();
    return new TestTenant(app, account, token, new AdminHttp(server.baseUrl(), Optional.of(token)));
  }
}
