package dev.matchlist.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Reads the usage headers into a {@link Usage}. A header that is absent or not the JSON it should
 * be is skipped: usage is advice, and a call must not fail over it.
 */
final class UsageHeaders {
  static final String BUSINESS_USE_CASE = "x-business-use-case-usage";
  static final String AD_ACCOUNT = "x-ad-account-usage";
  static final String APP = "x-app-usage";

  private static final ObjectMapper JSON = new ObjectMapper();

  private UsageHeaders() {}

  static Usage parse(HttpHeaders headers) {
    return parse(
        headers.firstValue(BUSINESS_USE_CASE).orElse(null),
        headers.firstValue(AD_ACCOUNT).orElse(null),
        headers.firstValue(APP).orElse(null));
  }

  static Usage parse(
      @Nullable String businessUseCase, @Nullable String adAccount, @Nullable String app) {
    if (businessUseCase == null && adAccount == null && app == null) {
      return Usage.NONE;
    }
    List<Usage.BusinessUseCase> cases = businessUseCases(read(businessUseCase));
    Max calls = new Max();
    Max cpu = new Max();
    Max time = new Max();
    Duration regain = Duration.ZERO;
    for (Usage.BusinessUseCase c : cases) {
      calls.add(c.callCount());
      cpu.add(c.totalCputime());
      time.add(c.totalTime());
      if (c.regainAccessIn().compareTo(regain) > 0) {
        regain = c.regainAccessIn();
      }
    }
    JsonNode appNode = read(app);
    if (appNode != null) {
      addInt(calls, appNode, "call_count");
      addInt(cpu, appNode, "total_cputime");
      addInt(time, appNode, "total_time");
    }
    JsonNode account = read(adAccount);
    OptionalDouble util = OptionalDouble.empty();
    Optional<Duration> reset = Optional.empty();
    if (account != null) {
      JsonNode pct = account.get("acc_id_util_pct");
      if (pct != null && pct.isNumber()) {
        util = OptionalDouble.of(pct.asDouble());
      }
      JsonNode resetSeconds = account.get("reset_time_duration");
      if (resetSeconds != null && resetSeconds.isNumber() && resetSeconds.asLong() > 0) {
        reset = Optional.of(Duration.ofSeconds(resetSeconds.asLong()));
      }
    }
    return new Usage(
        regain.isZero() ? Optional.empty() : Optional.of(regain),
        calls.value(),
        cpu.value(),
        time.value(),
        util,
        reset,
        cases);
  }

  private static List<Usage.BusinessUseCase> businessUseCases(@Nullable JsonNode node) {
    List<Usage.BusinessUseCase> cases = new ArrayList<>();
    if (node == null || !node.isObject()) {
      return cases;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!entry.getValue().isArray()) {
        continue;
      }
      for (JsonNode c : entry.getValue()) {
        cases.add(
            new Usage.BusinessUseCase(
                entry.getKey(),
                c.path("type").asText(""),
                c.path("call_count").asInt(0),
                c.path("total_cputime").asInt(0),
                c.path("total_time").asInt(0),
                Duration.ofMinutes(
                    Math.max(0, c.path("estimated_time_to_regain_access").asLong(0)))));
      }
    }
    return cases;
  }

  private static void addInt(Max max, JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value != null && value.isNumber()) {
      max.add(value.asInt());
    }
  }

  private static @Nullable JsonNode read(@Nullable String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(header);
    } catch (IOException e) {
      return null;
    }
  }

  /** The largest of some ints, if any. */
  private static final class Max {
    private boolean seen;
    private int max;

    void add(int value) {
      max = seen ? Math.max(max, value) : value;
      seen = true;
    }

    OptionalInt value() {
      return seen ? OptionalInt.of(max) : OptionalInt.empty();
    }
  }
}
