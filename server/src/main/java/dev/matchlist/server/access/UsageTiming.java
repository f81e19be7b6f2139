package dev.matchlist.server.access;

import dev.matchlist.server.graph.GraphHandler;
import dev.matchlist.server.graph.GraphInterceptor;
import dev.matchlist.server.graph.GraphRequest;
import dev.matchlist.server.graph.GraphResponse;
import dev.matchlist.server.usage.UsageMeter;
import java.time.Duration;

/**
 * Adds each call's handling time to the time budget of the ad account that {@link AccountGate} let
 * it through for (calls that never reached an account spend nothing).
 */
public final class UsageTiming implements GraphInterceptor {
  private final UsageMeter meter;

  public UsageTiming(UsageMeter meter) {
    this.meter = meter;
  }

  @Override
  public GraphResponse intercept(GraphRequest request, GraphHandler next) {
    long start = System.nanoTime();
    try {
      return next.handle(request);
    } finally {
      request
          .attachment(AccountGate.Spender.class)
          .ifPresent(
              s ->
                  meter.recordTime(
                      s.appId(), s.adAccountId(), Duration.ofNanos(System.nanoTime() - start)));
    }
  }
}
