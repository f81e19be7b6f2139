package dev.matchlist.server.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The small records that say who may do what: apps, ad accounts, access tokens, audiences. Shaped
 * by what the Graph paths and the admin API ask, so that a PostgreSQL backend can implement the
 * same interface and pass the same contract tests.
 *
 * <p>Ids are numeric strings as on the Graph API; ad-account ids are stored without {@code act_}.
 */
public interface Catalog {
  /** An app: the holder of the secret behind {@code appsecret_proof}. */
  record App(String id, String name, String secret, boolean requireProof, long createdAt) {}

  /** An ad account, owned by one app (the app whose secret signs its tokens' proofs). */
  record AdAccount(String id, String name, String appId, long createdAt) {}

  /**
   * What a token may do: act on these ad accounts, signed (if at all) with its app's secret. The
   * token itself is never stored: only its SHA-256.
   */
  record TokenGrant(
      String id,
      String label,
      String appId,
      Set<String> adAccountIds,
      long createdAt,
      boolean revoked) {}

  /** A token as issued: {@code token} is shown once and cannot be read back. */
  record IssuedToken(String token, TokenGrant grant) {}

  App createApp(String name, boolean requireProof);

  Optional<App> app(String id);

  List<App> apps();

  AdAccount createAdAccount(String name, String appId);

  Optional<AdAccount> adAccount(String id);

  List<AdAccount> adAccounts();

  /** Issues a new random token (at least 128 bits) granted on {@code adAccountIds}. */
  IssuedToken issueToken(String label, String appId, Set<String> adAccountIds);

  /** The grant of a live token, looked up by the token's hash; empty if unknown or revoked. */
  Optional<TokenGrant> grantFor(String token);

  List<TokenGrant> tokens();

  /** Revokes the token with this grant id; false if there is none. */
  boolean revokeToken(String grantId);
}
