package dev.matchlist.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UsageMeterTest {
  private final AtomicLong nanos = new AtomicLong();
  private final TimeMeter clock =
      new TimeMeter() {
        @Override
        public long currentTimeNanos() {
          return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
          return false;
        }
      };

  /** 100 calls an hour, +10 per audience, at most 200; 60 s of handler time an hour. */
  private final UsageLimits small =
      new UsageLimits("standard_access", 100, 10, 200, 1_000, Duration.ofSeconds(60));

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void metaFormulaGivesTheAdvancedAccountBudget() {
    assertThat(UsageLimits.advancedAccess().accountCalls(0)).isEqualTo(190_000);
    assertThat(UsageLimits.advancedAccess().accountCalls(100)).isEqualTo(194_000);
    assertThat(UsageLimits.advancedAccess().accountCalls(1_000_000)).isEqualTo(700_000);
    assertThat(UsageLimits.standardAccess().accountCalls(10)).isEqualTo(5_400);
  }

  @Test
  void callsAreAllowedUntilTheBudgetIsSpentThenRefusedWithATimeToRegain() {
    UsageMeter meter = new UsageMeter(small, clock);
    for (int i = 0; i < 100; i++) {
      assertThat(meter.call("app", "1", 0).allowed()).as("call %d", i).isTrue();
    }
    Usage refused = meter.call("app", "1", 0);

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.callCountPercent()).isEqualTo(100);
    // One call comes back every 36 s (100 an hour): the wait rounds up to a whole minute.
    assertThat(refused.minutesToRegainAccess()).isEqualTo(1);
  }

  @Test
  void aSpentBudgetComesBackAsTimePasses() {
    UsageMeter meter = new UsageMeter(small, clock);
    for (int i = 0; i < 100; i++) {
      meter.call("app", "1", 0);
    }
    advance(Duration.ofMinutes(30));

    Usage usage = meter.call("app", "1", 0);
    assertThat(usage.allowed()).isTrue();
    assertThat(usage.callCountPercent()).isBetween(50, 52);
  }

  @Test
  void accountsHaveSeparateBudgets() {
    UsageMeter meter = new UsageMeter(small, clock);
    for (int i = 0; i < 100; i++) {
      meter.call("app", "1", 0);
    }
    assertThat(meter.call("app", "1", 0).allowed()).isFalse();
    assertThat(meter.call("app", "2", 0).allowed()).isTrue();
  }

  @Test
  void moreAudiencesRaiseTheBudgetWithoutForgettingWhatWasUsed() {
    UsageMeter meter = new UsageMeter(small, clock);
    for (int i = 0; i < 100; i++) {
      meter.call("app", "1", 0);
    }
    Usage usage = meter.call("app", "1", 5); // budget now 150

    assertThat(usage.allowed()).isTrue();
    assertThat(usage.callCountPercent()).isEqualTo(67); // 101 of 150
  }

  @Test
  void spentHandlerTimeRefusesCallsToo() {
    UsageMeter meter = new UsageMeter(small, clock);
    meter.call("app", "1", 0);
    meter.recordTime("app", "1", Duration.ofSeconds(90));

    Usage usage = meter.call("app", "1", 0);
    assertThat(usage.allowed()).isFalse();
    assertThat(usage.timePercent()).isEqualTo(100);
    assertThat(usage.minutesToRegainAccess()).isGreaterThanOrEqualTo(30);
  }

  @Test
  void headersCarryMetaShapesWithRealPercentages() throws Exception {
    UsageMeter meter = new UsageMeter(small, clock);
    for (int i = 0; i < 24; i++) {
      meter.call("app", "542676646349772", 0);
    }
    Usage usage = meter.call("app", "542676646349772", 0);
    ObjectMapper json = new ObjectMapper();

    JsonNode buc = json.readTree(usage.headers().get("X-Business-Use-Case-Usage"));
    JsonNode entry = buc.get("542676646349772").get(0);
    assertThat(entry.get("type").asText()).isEqualTo("custom_audience");
    assertThat(entry.get("call_count").asInt()).isEqualTo(25);
    assertThat(entry.get("estimated_time_to_regain_access").asInt()).isZero();
    assertThat(json.readTree(usage.headers().get("x-app-usage")).get("call_count").asInt())
        .isEqualTo(2); // 25 of 1,000
    JsonNode account = json.readTree(usage.headers().get("x-ad-account-usage"));
    assertThat(account.get("acc_id_util_pct").asInt()).isEqualTo(25);
    assertThat(account.get("reset_time_duration").asLong()).isEqualTo(3600);
  }

  @Test
  void subMillisecondCallsAddUpInTheTimeBudget() {
    UsageMeter meter = new UsageMeter(small, clock);
    meter.recordTime("app", "1", Duration.ofNanos(300)); // below a microsecond: free, no error
    for (int i = 0; i < 60_000; i++) {
      meter.recordTime("app", "1", Duration.ofNanos(500_000)); // 0.5 ms each, 30 s in all
    }
    assertThat(meter.call("app", "1", 0).timePercent()).isEqualTo(50);
  }
}
