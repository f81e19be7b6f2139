package dev.matchlist.server.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

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

  /** What an advertiser chooses when creating a customer-file audience. */
  record AudienceSpec(
      String adAccountId,
      String name,
      String description,
      String subtype,
      String customerFileSource,
      boolean isValueBased,
      int retentionDays,
      String optOutLink) {}

  /**
   * A custom audience. {@code dataSource} is empty until the first upload fixes it: single-key
   * hashes and multi-key uploads cannot be mixed in one audience (Meta's error 2650).
   */
  record Audience(
      String id,
      AudienceSpec spec,
      long timeCreated,
      long timeUpdated,
      long timeContentUpdated,
      String dataSource) {
    public Audience withSpec(AudienceSpec newSpec, long now) {
      return new Audience(id, newSpec, timeCreated, now, timeContentUpdated, dataSource);
    }

    public Audience withDataSource(String newDataSource, long now) {
      return new Audience(id, spec, timeCreated, now, timeContentUpdated, newDataSource);
    }
  }

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

  /** Whether this token was issued here and has been revoked since. */
  boolean isRevoked(String token);

  List<TokenGrant> tokens();

  /** Revokes the token with this grant id; false if there is none. */
  boolean revokeToken(String grantId);

  /** Creates an audience in {@code spec.adAccountId()}, which must exist. */
  Audience createAudience(AudienceSpec spec);

  Optional<Audience> audience(String id);

  /**
   * Changes the stored audience through {@code change}, atomically with respect to every other
   * audience write (so a rename and an upload fixing the data source never undo each other).
   *
   * @return the audience as stored after the change; empty if there is no such audience
   */
  Optional<Audience> modifyAudience(String id, UnaryOperator<Audience> change);

  /** Deletes the audience; false if there was none. */
  boolean deleteAudience(String id);

  /** The ad account's audiences, newest first. */
  List<Audience> audiences(String adAccountId);

  /** How many audiences the ad account has, without reading them. */
  int audienceCount(String adAccountId);

  /**
   * An audience with its place in its ad account's listing (newest first). A position stays valid
   * after the audience is deleted, so paging cursors built from it never break.
   */
  record ListedAudience(Audience audience, ListingPosition position) {}

  /**
   * A place in an ad account's audience listing: creation time (newest first), then id. Its {@link
   * #text()} form is what paging cursors carry.
   */
  record ListingPosition(long timeCreated, String id) {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,18})\\.(\\d{1,30})");

    public String text() {
      return timeCreated + "." + id;
    }

    /** Parses {@link #text()}; empty for anything it did not produce. */
    public static Optional<ListingPosition> parse(String text) {
      Matcher m = TEXT.matcher(text);
      return m.matches()
          ? Optional.of(new ListingPosition(Long.parseLong(m.group(1)), m.group(2)))
          : Optional.empty();
    }
  }

  /**
   * Up to {@code limit} of the ad account's audiences in listing order, starting just after {@code
   * after} (or at the newest, when null).
   */
  List<ListedAudience> audiencesAfter(
      String adAccountId, @Nullable ListingPosition after, int limit);

  /**
   * Up to {@code limit} of the ad account's audiences in listing order that come just before {@code
   * before}: the page that precedes it.
   */
  List<ListedAudience> audiencesBefore(String adAccountId, ListingPosition before, int limit);
}
