package dev.matchlist.server.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ad account's and its app's use of their hourly budgets after one call, as Meta reports it in
 * the {@code X-Business-Use-Case-Usage}, {@code x-app-usage} and {@code x-ad-account-usage}
 * headers. Percentages are whole numbers 0–100.
 *
 * @param allowed false when the call was refused (budget spent): answer 80003
 * @param minutesToRegainAccess minutes until the account may call again; 0 while allowed
 */
public record Usage(
    boolean allowed,
    String adAccountId,
    int callCountPercent,
    int timePercent,
    int minutesToRegainAccess,
    int appCallCountPercent,
    int appTimePercent,
    long resetSeconds,
    String accessTier) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** This usage as a refused call reports it: access regained in {@code minutes}. */
  public Usage blockedFor(int minutes) {
    return new Usage(
        false,
        adAccountId,
        Math.max(callCountPercent, 100),
        timePercent,
        minutes,
        appCallCountPercent,
        appTimePercent,
        resetSeconds,
        accessTier);
  }

  /** Header name → value, ready to add to the answer. */
  public Map<String, String> headers() {
    Map<String, Object> businessUseCase = new LinkedHashMap<>();
    businessUseCase.put("type", "custom_audience");
    businessUseCase.put("call_count", callCountPercent);
    // Virtual threads have no per-thread CPU clock: CPU time is reported as handler time.
    businessUseCase.put("total_cputime", timePercent);
    businessUseCase.put("total_time", timePercent);
    businessUseCase.put("estimated_time_to_regain_access", minutesToRegainAccess);
    businessUseCase.put("ads_api_access_tier", accessTier);

    Map<String, Object> app = new LinkedHashMap<>();
    app.put("call_count", appCallCountPercent);
    app.put("total_cputime", appTimePercent);
    app.put("total_time", appTimePercent);

    Map<String, Object> account = new LinkedHashMap<>();
    account.put("acc_id_util_pct", callCountPercent);
    account.put("reset_time_duration", resetSeconds);
    account.put("ads_api_access_tier", accessTier);

    Map<String, String> headers = new LinkedHashMap<>();
    // Keyed by the ad-account id without act_, as observed on real custom-audience traffic.
    headers.put("X-Business-Use-Case-Usage", json(Map.of(adAccountId, List.of(businessUseCase))));
    headers.put("x-app-usage", json(app));
    headers.put("x-ad-account-usage", json(account));
    return headers;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of numbers and strings always serialize", e);
    }
  }
}
