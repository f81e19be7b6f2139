package dev.matchlist.server.access;

import dev.matchlist.core.Hex;
import dev.matchlist.server.graph.GraphError;
import dev.matchlist.server.graph.GraphRequest;
import dev.matchlist.server.store.Catalog;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates Graph requests and resolves the objects they name, enforcing tenancy: a token sees
 * only the ad accounts it was granted on, and everything outside them answers exactly like an
 * object that does not exist (100 / subcode 33), so ids cannot be probed across ad accounts.
 *
 * <pre>{@code
 * Caller caller = access.caller(request);                         // 104, 190, appsecret_proof
 * Catalog.Audience audience = access.audience(request, caller, id); // 100/33 unless visible
 * }</pre>
 */
public final class Access {
  private final Catalog catalog;

  public Access(Catalog catalog) {
    this.catalog = catalog;
  }

  /**
   * The caller of {@code request}: its token must be live, and its {@code appsecret_proof} must be
   * right when sent, and sent when the app requires it.
   */
  public Caller caller(GraphRequest request) {
    String token =
        request.accessToken().orElseThrow(() -> GraphError.accessTokenRequired().exception());
    Catalog.TokenGrant grant =
        catalog.grantFor(token).orElseThrow(() -> unusableToken(token).exception());
    Catalog.App app =
        catalog
            .app(grant.appId())
            .orElseThrow(
                () ->
                    GraphError.invalidAccessToken(
                            "Error validating access token: the app of this token was deleted.",
                            GraphError.SUBCODE_APP_NOT_INSTALLED)
                        .exception());
    checkProof(request, token, app);
    return new Caller(grant, app);
  }

  /**
   * 190 for a token that gives no access: Meta's subcode 467 ("expired, been revoked, or is
   * otherwise invalid") for one the operator revoked, so clients stop retrying it; none for a token
   * never issued here.
   */
  private GraphError unusableToken(String token) {
    if (catalog.isRevoked(token)) {
      return GraphError.invalidAccessToken(
          "Error validating access token: The access token has been revoked.",
          GraphError.SUBCODE_SESSION_INVALID);
    }
    return GraphError.invalidAccessToken("Invalid OAuth access token - Cannot parse access token");
  }

  /** The ad account {@code adAccountId} (digits, no {@code act_}), if the caller may use it. */
  public Catalog.AdAccount adAccount(GraphRequest request, Caller caller, String adAccountId) {
    Optional<Catalog.AdAccount> account =
        caller.mayUse(adAccountId) ? catalog.adAccount(adAccountId) : Optional.empty();
    return account.orElseThrow(
        () -> GraphError.unknownObject(request.method(), "act_" + adAccountId).exception());
  }

  /** The audience {@code audienceId}, if it exists in an ad account the caller may use. */
  public Catalog.Audience audience(GraphRequest request, Caller caller, String audienceId) {
    return catalog
        .audience(audienceId)
        .filter(audience -> caller.mayUse(audience.spec().adAccountId()))
        .orElseThrow(() -> GraphError.unknownObject(request.method(), audienceId).exception());
  }

  private static void checkProof(GraphRequest request, String token, Catalog.App app) {
    Optional<String> proof = request.appsecretProof();
    if (proof.isEmpty()) {
      if (app.requireProof()) {
        throw GraphError.appsecretProofRequired().exception();
      }
      return;
    }
    String message = request.appsecretTime().map(time -> token + "|" + time).orElse(token);
    byte[] expected =
        Hex.encode(hmacSha256(app.secret(), message)).getBytes(StandardCharsets.UTF_8);
    byte[] presented =
        proof.get().strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, presented)) {
      throw GraphError.invalidAppsecretProof().exception();
    }
  }

  /** {@code HMAC-SHA256(key = app secret, message)}, as the official SDKs compute the proof. */
  static byte[] hmacSha256(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }
}
