package dev.matchlist.server.lookup;

import dev.matchlist.server.admin.AdminToken;
import dev.matchlist.server.graph.GraphError;
import dev.matchlist.server.graph.GraphHandler;
import dev.matchlist.server.graph.GraphRequest;
import java.util.Optional;

/**
 * The look-up API's credential check: {@code Authorization: Bearer <admin token>}, from the header
 * only (never a query parameter, so the token stays out of the ad server's URLs and logs). Graph
 * access tokens of ad accounts are refused like any other wrong token: membership crosses every ad
 * account, so no advertiser may read it.
 */
final class LookupAuth {
  private final AdminToken adminToken;

  LookupAuth(AdminToken adminToken) {
    this.adminToken = adminToken;
  }

  GraphHandler guard(GraphHandler handler) {
    return request -> {
      check(request);
      return handler.handle(request);
    };
  }

  private void check(GraphRequest request) {
    Optional<String> presented = request.header("authorization").flatMap(LookupAuth::bearer);
    if (presented.isEmpty()) {
      throw GraphError.accessTokenRequired()
          .withUserMessage(
              "Admin token required",
              "Send the admin token (the data directory's admin-token file) as"
                  + " 'Authorization: Bearer <token>'.")
          .exception();
    }
    if (!adminToken.matches(presented.get())) {
      throw GraphError.invalidAccessToken(
              "Invalid OAuth access token - the look-up API takes only the admin token")
          .exception();
    }
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
