package dev.matchlist.server.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.matchlist.server.faults.FaultPlan;
import dev.matchlist.server.graph.GraphError;
import dev.matchlist.server.graph.GraphParams;
import dev.matchlist.server.graph.ParamValue;
import dev.matchlist.server.store.Catalog;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The admin API's JSON shapes: snake_case, ids as strings, secrets only where stated. */
final class AdminJson {
  /** FaultPlan in snake_case; unknown fields are errors so that a typo is not a silent no-op. */
  static final ObjectMapper FAULT_PLANS =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  /** Request parameters that carry transport or credentials, not part of a fault plan. */
  private static final Set<String> TRANSPORT_PARAMS =
      Set.of("access_token", "appsecret_proof", "appsecret_time", "method", "suppress_http_code");

  private AdminJson() {}

  /** An app without its secret (the secret is shown once, when the app is created). */
  static Map<String, Object> app(Catalog.App app) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", app.id());
    json.put("name", app.name());
    json.put("require_proof", app.requireProof());
    json.put("created_time", app.createdAt());
    return json;
  }

  /** An ad account the Graph way: {@code id} is {@code act_<digits>}, {@code account_id} digits. */
  static Map<String, Object> adAccount(Catalog.AdAccount account) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", "act_" + account.id());
    json.put("account_id", account.id());
    json.put("name", account.name());
    json.put("app_id", account.appId());
    json.put("created_time", account.createdAt());
    return json;
  }

  /** A token grant: never the token, which is not stored. */
  static Map<String, Object> grant(Catalog.TokenGrant grant) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", grant.id());
    json.put("label", grant.label());
    json.put("app_id", grant.appId());
    json.put("ad_account_ids", grant.adAccountIds().stream().sorted().toList());
    json.put("created_time", grant.createdAt());
    json.put("revoked", grant.revoked());
    return json;
  }

  static Map<String, Object> faults(String adAccountId, Optional<FaultPlan> plan) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("account_id", adAccountId);
    json.put("plan", plan.map(p -> (Object) FAULT_PLANS.valueToTree(p)).orElse(null));
    return json;
  }

  /**
   * The fault plan of a request: the body's (or the query's) top-level fields are the plan's
   * fields, e.g. {@code {"latency_ms": 200, "rules": [...]}}.
   *
   * @throws dev.matchlist.server.graph.GraphException 100 saying what is wrong with the plan
   */
  static FaultPlan faultPlan(GraphParams params) {
    ObjectNode plan = FAULT_PLANS.createObjectNode();
    for (Map.Entry<String, ParamValue> param : params.asMap().entrySet()) {
      if (!TRANSPORT_PARAMS.contains(param.getKey())) {
        plan.set(param.getKey(), param.getValue().asJson());
      }
    }
    try {
      return FAULT_PLANS.treeToValue(plan, FaultPlan.class);
    } catch (UnrecognizedPropertyException e) {
      throw GraphError.invalidParameter(
              "fault plan: unknown field '"
                  + e.getPropertyName()
                  + "'; known: latency_ms, seed, rules (next_calls, fraction, error, html_status)"
                  + " and error (code, error_subcode, message, type, http_status, is_transient,"
                  + " regain_access_minutes)")
          .exception();
    } catch (IOException | IllegalArgumentException e) {
      throw GraphError.invalidParameter("fault plan: " + reason(e)).exception();
    }
  }

  /** The innermost message: our records' own validation text rather than Jackson's wrapping. */
  private static String reason(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
      return cause.getMessage();
    }
    String message =
        e instanceof com.fasterxml.jackson.core.JsonProcessingException json
            ? json.getOriginalMessage()
            : e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
