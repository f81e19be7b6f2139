package dev.matchlist.server.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds each ad account's {@link FaultPlan} and decides, call by call, which fault (if any) it
 * gets. Off by default: an account without a plan gets no faults. Thread-safe.
 */
public final class FaultInjector {
  private final Map<String, ActivePlan> plans = new ConcurrentHashMap<>();

  /** Replaces the account's plan; its counters and random sequence start over. */
  public void set(String adAccountId, FaultPlan plan) {
    plans.put(adAccountId, new ActivePlan(plan));
  }

  public void clear(String adAccountId) {
    plans.remove(adAccountId);
  }

  public Optional<FaultPlan> plan(String adAccountId) {
    return Optional.ofNullable(plans.get(adAccountId)).map(active -> active.plan);
  }

  /**
   * The faults for one call of the account, in the order to apply them: a delay first (if the plan
   * adds latency), then at most one failure.
   */
  public List<Fault> nextCall(String adAccountId) {
    ActivePlan active = plans.get(adAccountId);
    return active == null ? List.of() : active.nextCall();
  }

  /** One plan with its mutable state: remaining counts and the random sequence. */
  private static final class ActivePlan {
    private final FaultPlan plan;
    private final int[] remaining;
    private final SplittableRandom random;

    ActivePlan(FaultPlan plan) {
      this.plan = plan;
      this.remaining = new int[plan.rules().size()];
      for (int i = 0; i < remaining.length; i++) {
        Integer next = plan.rules().get(i).nextCalls();
        remaining[i] = next == null ? 0 : next;
      }
      this.random = new SplittableRandom(plan.seed());
    }

    synchronized List<Fault> nextCall() {
      List<Fault> faults = new ArrayList<>(2);
      if (plan.latencyMs() > 0) {
        faults.add(new Fault.Delay(Duration.ofMillis(plan.latencyMs())));
      }
      for (int i = 0; i < remaining.length; i++) {
        FaultPlan.Rule rule = plan.rules().get(i);
        boolean fires;
        if (rule.nextCalls() != null) {
          fires = remaining[i] > 0;
          remaining[i] -= fires ? 1 : 0;
        } else {
          fires = random.nextDouble() < rule.fraction();
        }
        if (fires) {
          faults.add(failure(rule));
          break;
        }
      }
      return faults;
    }
  }

  private static Fault failure(FaultPlan.Rule rule) {
    if (rule.htmlStatus() != null) {
      return new Fault.HtmlPage(rule.htmlStatus(), htmlPage(rule.htmlStatus()));
    }
    FaultPlan.InjectedError e = rule.error();
    boolean serverSide = e.code() == 1 || e.code() == 2;
    return new Fault.GraphError(
        e.code(),
        e.errorSubcode() == null ? 0 : e.errorSubcode(),
        e.message() == null ? KnownErrors.message(e.code()) : e.message(),
        e.type() == null ? "OAuthException" : e.type(),
        e.httpStatus() == null ? (serverSide ? 500 : 400) : e.httpStatus(),
        e.isTransient() == null ? serverSide || KnownErrors.isThrottle(e.code()) : e.isTransient(),
        e.regainAccessMinutes() == null ? 0 : e.regainAccessMinutes());
  }

  private static String htmlPage(int status) {
    return "<!DOCTYPE html><html><head><title>Error</title></head><body><h1>"
        + status
        + "</h1><p>Sorry, something went wrong. We're working on getting this fixed as soon as we"
        + " can.</p></body></html>";
  }
}
