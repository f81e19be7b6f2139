package dev.matchlist.server.faults;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the emulator does wrong on purpose for one ad account, so integration testers can prove
 * their retry code: fail the next N calls, or a fraction of calls, with a chosen Graph error or an
 * HTML error page, and/or add latency. Set through the admin API as JSON, e.g.
 *
 * <pre>{@code
 * {"latency_ms": 200,
 *  "rules": [{"next_calls": 3, "error": {"code": 80003, "error_subcode": 2446079}},
 *            {"fraction": 0.1, "html_status": 502}]}
 * }</pre>
 *
 * <p>Rules are tried in order; the first that fires decides the call. A {@code next_calls} rule
 * fires on each call until used up; a {@code fraction} rule fires on that share of calls, drawn
 * from a random sequence seeded by {@code seed}, so a run can be repeated exactly.
 *
 * @param latencyMs added to every call of the account, fault or not
 * @param seed the seed of the fraction rules' random sequence
 */
public record FaultPlan(long latencyMs, long seed, List<Rule> rules) {
  public FaultPlan {
    if (latencyMs < 0 || latencyMs > 600_000) {
      throw new IllegalArgumentException("latency_ms must be between 0 and 600000");
    }
    rules = List.copyOf(Objects.requireNonNullElse(rules, List.of()));
  }

  /** One way to fail: exactly one of nextCalls/fraction, and exactly one of error/htmlStatus. */
  public record Rule(
      @Nullable Integer nextCalls,
      @Nullable Double fraction,
      @Nullable InjectedError error,
      @Nullable Integer htmlStatus) {
    public Rule {
      if ((nextCalls == null) == (fraction == null)) {
        throw new IllegalArgumentException("a rule needs exactly one of next_calls and fraction");
      }
      if (nextCalls != null && nextCalls < 1) {
        throw new IllegalArgumentException("next_calls must be at least 1");
      }
      if (fraction != null && !(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException("fraction must be in (0, 1]");
      }
      if ((error == null) == (htmlStatus == null)) {
        throw new IllegalArgumentException("a rule needs exactly one of error and html_status");
      }
      if (htmlStatus != null && (htmlStatus < 400 || htmlStatus > 599)) {
        throw new IllegalArgumentException("html_status must be an HTTP error status (400-599)");
      }
    }
  }

  /**
   * A Graph error to answer with. Missing parts take the usual values for the code: the message
   * Meta sends, type OAuthException, HTTP 400 — or HTTP 500 and transient for codes 1 and 2.
   */
  public record InjectedError(
      int code,
      @Nullable Integer errorSubcode,
      @Nullable String message,
      @Nullable String type,
      @Nullable Integer httpStatus,
      @Nullable Boolean isTransient,
      @Nullable Integer regainAccessMinutes) {}
}
