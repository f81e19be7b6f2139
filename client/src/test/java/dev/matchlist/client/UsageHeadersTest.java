package dev.matchlist.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UsageHeadersTest {
  @Test
  void theLongestRegainTimeOfAllBusinessUseCasesCountsInMinutes() {
    Usage usage =
        UsageHeaders.parse(
            "{\"1\":[{\"type\":\"custom_audience\",\"call_count\":100,\"total_cputime\":20,"
                + "\"total_time\":30,\"estimated_time_to_regain_access\":7}],"
                + "\"2\":[{\"type\":\"ads_management\",\"call_count\":40,\"total_cputime\":60,"
                + "\"total_time\":5,\"estimated_time_to_regain_access\":12}]}",
            null,
            null);

    assertThat(usage.regainAccessIn()).hasValue(Duration.ofMinutes(12));
    assertThat(usage.callCountPercent()).hasValue(100);
    assertThat(usage.totalCputimePercent()).hasValue(60);
    assertThat(usage.totalTimePercent()).hasValue(30);
    assertThat(usage.businessUseCases())
        .extracting(Usage.BusinessUseCase::id, Usage.BusinessUseCase::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("1", "custom_audience"),
            org.assertj.core.groups.Tuple.tuple("2", "ads_management"));
  }

  @Test
  void aZeroRegainTimeMeansNoneToWaitFor() {
    Usage usage =
        UsageHeaders.parse(
            "{\"542676646349772\":[{\"type\":\"custom_audience\",\"call_count\":2,"
                + "\"total_cputime\":1,\"total_time\":1,\"estimated_time_to_regain_access\":0}]}",
            null,
            null);

    assertThat(usage.regainAccessIn()).isEmpty();
    assertThat(usage.callCountPercent()).hasValue(2);
  }

  @Test
  void unreadableHeadersAreIgnored() {
    Usage usage = UsageHeaders.parse("not json", "{]", "[1,2]");

    assertThat(usage.regainAccessIn()).isEmpty();
    assertThat(usage.callCountPercent()).isEmpty();
    assertThat(usage.adAccountUtilPercent()).isEmpty();
  }

  @Test
  void noHeadersGiveNone() {
    assertThat(UsageHeaders.parse(null, null, null)).isEqualTo(Usage.NONE);
  }
}
