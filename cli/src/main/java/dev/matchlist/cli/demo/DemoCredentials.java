package dev.matchlist.cli.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.matchlist.server.store.Catalog;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * What a script needs to talk to a running demo: {@code matchlist demo --json} prints exactly this
 * as one JSON line ({@code base_url}, {@code ad_account_id}, ...).
 *
 * @param adAccountId the Graph form, {@code act_<digits>}, as paths take it
 * @param accessToken an advertiser token granted on the ad account only
 * @param appSecret the secret behind {@code appsecret_proof}, which this app does not require
 * @param adminToken the operator's token for {@code /admin/v1}
 */
public record DemoCredentials(
    String baseUrl,
    String adAccountId,
    String accessToken,
    String appId,
    String appSecret,
    String adminToken,
    String audienceId) {

  /** The name of the one audience the demo creates. */
  public static final String AUDIENCE_NAME = "Demo audience";

  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  /** Creates the demo's app, ad account, token and audience in {@code catalog}. */
  public static DemoCredentials create(Catalog catalog, String baseUrl, String adminToken) {
    Catalog.App app = catalog.createApp("Demo app", false);
    Catalog.AdAccount account = catalog.createAdAccount("Demo ad account", app.id());
    Catalog.IssuedToken token = catalog.issueToken("demo", app.id(), Set.of(account.id()));
    Catalog.Audience audience =
        catalog.createAudience(
            new Catalog.AudienceSpec(
                account.id(),
                AUDIENCE_NAME,
                "Created by matchlist demo",
                "CUSTOM",
                "USER_PROVIDED_ONLY",
                false,
                0,
                ""));
    return new DemoCredentials(
        baseUrl,
        "act_" + account.id(),
        token.token(),
        app.id(),
        app.secret(),
        adminToken,
        audience.id());
  }

  /** The one JSON line of {@code --json}. */
  public String toJsonLine() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
