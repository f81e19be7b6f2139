package dev.matchlist.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What the usage headers of a response said: {@code X-Business-Use-Case-Usage}, {@code
 * X-Ad-Account-Usage} and {@code X-App-Usage}. Percentages are of the budget used, 100 = throttled.
 * Headers that were absent or unreadable leave their values empty; they never fail a call.
 *
 * @param regainAccessIn the longest {@code estimated_time_to_regain_access} (sent in minutes) of
 *     any business use case, when one is above zero
 * @param callCountPercent the highest {@code call_count} of all use cases and the app
 * @param totalCputimePercent the highest {@code total_cputime}
 * @param totalTimePercent the highest {@code total_time}
 * @param adAccountUtilPercent {@code X-Ad-Account-Usage.acc_id_util_pct}
 * @param adAccountResetIn {@code X-Ad-Account-Usage.reset_time_duration} (seconds)
 * @param businessUseCases every entry of {@code X-Business-Use-Case-Usage}
 */
public record Usage(
    Optional<Duration> regainAccessIn,
    OptionalInt callCountPercent,
    OptionalInt totalCputimePercent,
    OptionalInt totalTimePercent,
    OptionalDouble adAccountUtilPercent,
    Optional<Duration> adAccountResetIn,
    List<BusinessUseCase> businessUseCases) {

  /** No usage headers. */
  public static final Usage NONE =
      new Usage(
          Optional.empty(),
          OptionalInt.empty(),
          OptionalInt.empty(),
          OptionalInt.empty(),
          OptionalDouble.empty(),
          Optional.empty(),
          List.of());

  public Usage {
    businessUseCases = List.copyOf(businessUseCases);
  }

  /**
   * One entry of {@code X-Business-Use-Case-Usage}.
   *
   * @param id the header's key: the business or ad account id
   * @param type e.g. {@code custom_audience}, {@code ads_management}
   * @param callCount percent of the call budget used
   * @param totalCputime percent of the CPU-time budget used
   * @param totalTime percent of the wall-time budget used
   * @param regainAccessIn {@code estimated_time_to_regain_access} (minutes on the wire)
   */
  public record BusinessUseCase(
      String id,
      String type,
      int callCount,
      int totalCputime,
      int totalTime,
      Duration regainAccessIn) {}
}
