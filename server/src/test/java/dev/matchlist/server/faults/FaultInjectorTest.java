package dev.matchlist.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {
  private static final ObjectMapper SNAKE =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private static FaultPlan plan(String json) throws Exception {
    return SNAKE.readValue(json, FaultPlan.class);
  }

  @Test
  void anAccountWithoutAPlanGetsNoFaults() {
    assertThat(new FaultInjector().nextCall("1")).isEmpty();
  }

  @Test
  void nextCallsRuleFailsExactlyThatManyCallsThenStops() throws Exception {
    FaultInjector faults = new FaultInjector();
    faults.set(
        "1",
        plan(
            "{\"rules\":[{\"next_calls\":2,\"error\":{\"code\":80003,\"error_subcode\":2446079,\"regain_access_minutes\":3}}]}"));

    List<Fault> first = faults.nextCall("1");
    assertThat(first)
        .singleElement()
        .isInstanceOfSatisfying(
            Fault.GraphError.class,
            e -> {
              assertThat(e.code()).isEqualTo(80003);
              assertThat(e.errorSubcode()).isEqualTo(2446079);
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e.isTransient()).isTrue();
              assertThat(e.regainAccessMinutes()).isEqualTo(3);
              assertThat(e.message()).startsWith("(#80003) There have been too many calls");
            });
    assertThat(faults.nextCall("1")).hasSize(1);
    assertThat(faults.nextCall("1")).isEmpty();
    assertThat(faults.nextCall("2")).as("other accounts untouched").isEmpty();
  }

  @Test
  void transientServerErrorsDefaultToHttp500() throws Exception {
    FaultInjector faults = new FaultInjector();
    faults.set("1", plan("{\"rules\":[{\"next_calls\":1,\"error\":{\"code\":2}}]}"));

    assertThat(faults.nextCall("1"))
        .singleElement()
        .isInstanceOfSatisfying(
            Fault.GraphError.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(500);
              assertThat(e.isTransient()).isTrue();
            });
  }

  @Test
  void fractionRuleFiresOnAboutThatShareAndRepeatsForTheSameSeed() throws Exception {
    String json = "{\"seed\":7,\"rules\":[{\"fraction\":0.25,\"html_status\":502}]}";
    FaultInjector first = new FaultInjector();
    first.set("1", plan(json));
    FaultInjector second = new FaultInjector();
    second.set("1", plan(json));

    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    int fired = 0;
    for (int i = 0; i < 4_000; i++) {
      boolean x = !first.nextCall("1").isEmpty();
      boolean y = !second.nextCall("1").isEmpty();
      a.append(x ? '1' : '0');
      b.append(y ? '1' : '0');
      fired += x ? 1 : 0;
    }
    assertThat(a.toString()).isEqualTo(b.toString());
    assertThat(fired).isBetween(850, 1150);
  }

  @Test
  void htmlPagesAreHtml() throws Exception {
    FaultInjector faults = new FaultInjector();
    faults.set("1", plan("{\"rules\":[{\"next_calls\":1,\"html_status\":503}]}"));

    assertThat(faults.nextCall("1"))
        .singleElement()
        .isInstanceOfSatisfying(
            Fault.HtmlPage.class,
            p -> {
              assertThat(p.httpStatus()).isEqualTo(503);
              assertThat(p.body()).startsWith("<!DOCTYPE html>");
            });
  }

  @Test
  void latencyComesFirstAndWithEveryCall() throws Exception {
    FaultInjector faults = new FaultInjector();
    faults.set(
        "1", plan("{\"latency_ms\":150,\"rules\":[{\"next_calls\":1,\"error\":{\"code\":1}}]}"));

    assertThat(faults.nextCall("1"))
        .hasSize(2)
        .first()
        .isEqualTo(new Fault.Delay(Duration.ofMillis(150)));
    assertThat(faults.nextCall("1")).containsExactly(new Fault.Delay(Duration.ofMillis(150)));
  }

  @Test
  void rulesAreTriedInOrder() throws Exception {
    FaultInjector faults = new FaultInjector();
    faults.set(
        "1",
        plan(
            "{\"rules\":[{\"next_calls\":1,\"error\":{\"code\":17}},{\"fraction\":1.0,\"error\":{\"code\":1}}]}"));

    assertThat(((Fault.GraphError) faults.nextCall("1").get(0)).code()).isEqualTo(17);
    assertThat(((Fault.GraphError) faults.nextCall("1").get(0)).code()).isEqualTo(1);
  }

  @Test
  void clearingAPlanStopsItsFaults() throws Exception {
    FaultInjector faults = new FaultInjector();
    faults.set("1", plan("{\"rules\":[{\"fraction\":1.0,\"error\":{\"code\":1}}]}"));
    faults.clear("1");
    assertThat(faults.nextCall("1")).isEmpty();
    assertThat(faults.plan("1")).isEmpty();
  }

  @Test
  void malformedRulesAreRefusedWithAReason() {
    assertThatThrownBy(() -> plan("{\"rules\":[{\"error\":{\"code\":1}}]}"))
        .hasMessageContaining("exactly one of next_calls and fraction");
    assertThatThrownBy(() -> plan("{\"rules\":[{\"next_calls\":1}]}"))
        .hasMessageContaining("exactly one of error and html_status");
    assertThatThrownBy(() -> plan("{\"rules\":[{\"fraction\":1.5,\"html_status\":500}]}"))
        .hasMessageContaining("fraction must be in (0, 1]");
    assertThatThrownBy(() -> plan("{\"rules\":[{\"next_calls\":1,\"html_status\":200}]}"))
        .hasMessageContaining("html_status must be an HTTP error status");
  }
}
