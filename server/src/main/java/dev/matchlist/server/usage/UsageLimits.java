package dev.matchlist.server.usage;

import java.time.Duration;

/**
 * Call budgets per rolling hour. The ad-account budget follows Meta's Custom Audience business use
 * case: {@code base + perActiveAudience × active custom audiences}, capped at {@code max}.
 *
 * @param accessTier the tier name reported in {@code x-ad-account-usage}
 * @param accountBaseCalls calls an ad account may make per hour with no audiences
 * @param accountCallsPerActiveAudience extra calls per hour for each active custom audience
 * @param accountMaxCalls the cap on an ad account's hourly calls
 * @param appCallsPerHour an app's hourly calls across all its ad accounts
 * @param handlerTimePerHour request handling time an ad account (and an app) may use per hour
 */
public record UsageLimits(
    String accessTier,
    long accountBaseCalls,
    long accountCallsPerActiveAudience,
    long accountMaxCalls,
    long appCallsPerHour,
    Duration handlerTimePerHour) {
  public UsageLimits {
    if (accountBaseCalls < 1 || accountMaxCalls < accountBaseCalls || appCallsPerHour < 1) {
      throw new IllegalArgumentException("budgets must be positive and max >= base");
    }
    if (handlerTimePerHour.isNegative() || handlerTimePerHour.isZero()) {
      throw new IllegalArgumentException("handler time budget must be positive");
    }
  }

  /** Meta's advanced access: 190,000 + 40 per active audience, at most 700,000 calls an hour. */
  public static UsageLimits advancedAccess() {
    return new UsageLimits("advanced_access", 190_000, 40, 700_000, 2_000_000, Duration.ofHours(1));
  }

  /** Meta's standard access: 5,000 + 40 per active audience, at most 700,000 calls an hour. */
  public static UsageLimits standardAccess() {
    return new UsageLimits("standard_access", 5_000, 40, 700_000, 2_000_000, Duration.ofHours(1));
  }

  /** The hourly call budget of an ad account with {@code activeAudiences} custom audiences. */
  public long accountCalls(int activeAudiences) {
    return Math.min(
        accountMaxCalls,
        accountBaseCalls + accountCallsPerActiveAudience * Math.max(0, activeAudiences));
  }
}
