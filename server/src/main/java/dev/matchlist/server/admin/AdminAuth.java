package dev.matchlist.server.admin;

import dev.matchlist.server.graph.GraphError;
import dev.matchlist.server.graph.GraphHandler;
import dev.matchlist.server.graph.GraphRequest;
import dev.matchlist.server.store.Catalog;
import java.util.Optional;

/**
 * The operator's one credential check, for the admin API and the ad server's look-up API alike:
 * {@code Authorization: Bearer <admin token>} and nothing else. The token is read from the header
 * only, never from an {@code access_token} parameter, so it does not end up in URLs and access
 * logs. An ad account's access token is refused with 200 (HTTP 403): those APIs cross every ad
 * account, so no advertiser may use them.
 */
public final class AdminAuth {
  private final AdminToken adminToken;
  private final Catalog catalog;

  public AdminAuth(AdminToken adminToken, Catalog catalog) {
    this.adminToken = adminToken;
    this.catalog = catalog;
  }

  /** {@code handler}, run only for requests that carry the admin token. */
  public GraphHandler guard(GraphHandler handler) {
    return request -> {
      check(request);
      return handler.handle(request);
    };
  }

  private void check(GraphRequest request) {
    Optional<String> presented = request.header("authorization").flatMap(AdminAuth::bearer);
    if (presented.isEmpty()) {
      throw GraphError.accessTokenRequired()
          .withUserMessage(
              "Admin token required",
              "Send the admin token (the data directory's admin-token file) as"
                  + " 'Authorization: Bearer <token>'.")
          .exception();
    }
    String token = presented.get();
    if (adminToken.matches(token)) {
      return;
    }
    if (catalog.grantFor(token).isPresent()) {
      throw GraphError.permissionDenied(
              "This API accepts only the admin token, not ad-account access tokens")
          .exception();
    }
    throw GraphError.invalidAccessToken("Invalid OAuth access token - not the admin token")
        .exception();
  }

  private static Optional<String> bearer(String authorization) {
    int space = authorization.indexOf(' ');
    if (space < 0 || !authorization.substring(0, space).equalsIgnoreCase("Bearer")) {
      return Optional.empty();
    }
    String token = authorization.substring(space + 1).strip();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }
}
