package dev.matchlist.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.matchlist.server.faults.FaultInjector;
import dev.matchlist.server.faults.FaultPlan;
import dev.matchlist.server.graph.GraphError;
import dev.matchlist.server.graph.GraphRequest;
import dev.matchlist.server.graph.GraphResponse;
import dev.matchlist.server.graph.GraphRoutes;
import dev.matchlist.server.graph.GraphService;
import dev.matchlist.server.graph.ParamValue;
import dev.matchlist.server.store.Catalog;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's admin API, beside the Graph paths under {@value #PREFIX}: apps, ad accounts,
 * access tokens and fault plans. Every call needs {@code Authorization: Bearer <admin token>};
 * Graph access tokens are refused (code 200, HTTP 403), anything else is a 104 or 190 like a Graph
 * call without a valid token. Answers are JSON, errors the Graph error envelope.
 *
 * <pre>
 * POST   /_matchlist/admin/v1/apps                     name, require_proof → id, secret
 * GET    /_matchlist/admin/v1/apps
 * POST   /_matchlist/admin/v1/ad_accounts              name, app_id
 * GET    /_matchlist/admin/v1/ad_accounts
 * POST   /_matchlist/admin/v1/tokens                   label, app_id, ad_account_ids → token (once)
 * GET    /_matchlist/admin/v1/tokens                   (no token values)
 * DELETE /_matchlist/admin/v1/tokens/{id}              revoke
 * POST   /_matchlist/admin/v1/ad_accounts/{id}/faults  body: a FaultPlan (snake_case JSON)
 * GET    /_matchlist/admin/v1/ad_accounts/{id}/faults
 * DELETE /_matchlist/admin/v1/ad_accounts/{id}/faults
 * </pre>
 *
 * <p>Parameters arrive like Graph parameters (JSON body, form or query, merged).
 */
public final class AdminService implements GraphService {
  /** The path prefix of every admin route; no Graph node id can start with an underscore. */
  public static final String PREFIX = "/_matchlist/admin/v1";

  private final AdminAuth auth;
  private final Catalog catalog;
  private final FaultInjector faults;

  public AdminService(AdminToken adminToken, Catalog catalog, FaultInjector faults) {
    this.auth = new AdminAuth(adminToken, catalog);
    this.catalog = catalog;
    this.faults = faults;
  }

  @Override
  public void register(GraphRoutes.Builder routes) {
    routes
        .post(PREFIX + "/apps", auth.guard(this::createApp))
        .get(PREFIX + "/apps", auth.guard(request -> list(catalog.apps(), AdminJson::app)))
        .post(PREFIX + "/ad_accounts", auth.guard(this::createAdAccount))
        .get(
            PREFIX + "/ad_accounts",
            auth.guard(request -> list(catalog.adAccounts(), AdminJson::adAccount)))
        .post(PREFIX + "/tokens", auth.guard(this::issueToken))
        .get(PREFIX + "/tokens", auth.guard(request -> list(catalog.tokens(), AdminJson::grant)))
        .delete(PREFIX + "/tokens/{grant}", auth.guard(this::revokeToken))
        .post(PREFIX + "/ad_accounts/{account}/faults", auth.guard(this::setFaults))
        .get(PREFIX + "/ad_accounts/{account}/faults", auth.guard(this::showFaults))
        .delete(PREFIX + "/ad_accounts/{account}/faults", auth.guard(this::clearFaults));
  }

  private GraphResponse createApp(GraphRequest request) {
    String name = requiredString(request, "name");
    boolean requireProof = request.params().flag("require_proof");
    Catalog.App app = catalog.createApp(name, requireProof);
    Map<String, Object> body = AdminJson.app(app);
    body.put("secret", app.secret());
    return GraphResponse.ok(body);
  }

  private GraphResponse createAdAccount(GraphRequest request) {
    String name = requiredString(request, "name");
    String appId = requiredString(request, "app_id");
    requireApp(appId);
    return GraphResponse.ok(AdminJson.adAccount(catalog.createAdAccount(name, appId)));
  }

  private GraphResponse issueToken(GraphRequest request) {
    String appId = requiredString(request, "app_id");
    String label = request.params().string("label").orElse("");
    Set<String> accounts =
        adAccountIds(
            request
                .param("ad_account_ids")
                .orElseThrow(() -> GraphError.missingParameter("ad_account_ids").exception()));
    if (accounts.isEmpty()) {
      throw GraphError.invalidParameter("ad_account_ids must name at least one ad account")
          .exception();
    }
    requireApp(appId);
    for (String account : accounts) {
      Catalog.AdAccount adAccount =
          catalog
              .adAccount(account)
              .orElseThrow(
                  () ->
                      GraphError.invalidParameter("ad_account_ids: no ad account act_" + account)
                          .exception());
      if (!adAccount.appId().equals(appId)) {
        throw GraphError.invalidParameter(
                "ad_account_ids: act_"
                    + account
                    + " belongs to app "
                    + adAccount.appId()
                    + ", not "
                    + appId
                    + " (its tokens' appsecret_proof is signed with its own app's secret)")
            .exception();
      }
    }
    Catalog.IssuedToken issued = catalog.issueToken(label, appId, accounts);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token", issued.token());
    body.putAll(AdminJson.grant(issued.grant()));
    return GraphResponse.ok(body);
  }

  private GraphResponse revokeToken(GraphRequest request) {
    String grantId = request.pathParam("grant");
    if (!catalog.revokeToken(grantId)) {
      throw GraphError.unknownObject(request.method(), grantId).exception();
    }
    return GraphResponse.ok(Map.of("success", true));
  }

  private GraphResponse setFaults(GraphRequest request) {
    Catalog.AdAccount account = adAccount(request);
    FaultPlan plan = AdminJson.faultPlan(request.params());
    faults.set(account.id(), plan);
    return GraphResponse.ok(AdminJson.faults(account.id(), Optional.of(plan)));
  }

  private GraphResponse showFaults(GraphRequest request) {
    Catalog.AdAccount account = adAccount(request);
    return GraphResponse.ok(AdminJson.faults(account.id(), faults.plan(account.id())));
  }

  private GraphResponse clearFaults(GraphRequest request) {
    Catalog.AdAccount account = adAccount(request);
    faults.clear(account.id());
    return GraphResponse.ok(Map.of("success", true));
  }

  private Catalog.AdAccount adAccount(GraphRequest request) {
    String id = withoutActPrefix(request.pathParam("account"));
    return catalog
        .adAccount(id)
        .orElseThrow(() -> GraphError.unknownObject(request.method(), "act_" + id).exception());
  }

  private void requireApp(String appId) {
    if (catalog.app(appId).isEmpty()) {
      throw GraphError.invalidParameter("app_id: no app " + appId).exception();
    }
  }

  private static <T> GraphResponse list(
      List<T> records, java.util.function.Function<T, Map<String, Object>> json) {
    return GraphResponse.ok(Map.of("data", records.stream().map(json).toList()));
  }

  private static String requiredString(GraphRequest request, String name) {
    String value = request.params().string(name).map(String::strip).orElse("");
    if (value.isEmpty()) {
      throw GraphError.missingParameter(name).exception();
    }
    return value;
  }

  /** A JSON array of ids, or a comma-separated list; {@code act_} prefixes are dropped. */
  static Set<String> adAccountIds(ParamValue value) {
    Set<String> ids = new LinkedHashSet<>();
    JsonNode json = value.asJson();
    if (json.isArray()) {
      for (JsonNode element : json) {
        if (!element.isTextual() && !element.isIntegralNumber()) {
          throw GraphError.invalidParameter("ad_account_ids: ids must be strings or numbers")
              .exception();
        }
        ids.add(withoutActPrefix(element.asText().strip()));
      }
    } else {
      for (String part : value.stringValue().split(",")) {
        if (!part.isBlank()) {
          ids.add(withoutActPrefix(part.strip()));
        }
      }
    }
    return ids;
  }

  private static String withoutActPrefix(String id) {
    return id.startsWith("act_") ? id.substring(4) : id;
  }
}
