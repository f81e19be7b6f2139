package dev.matchlist.server.access;

import dev.matchlist.server.faults.Fault;
import dev.matchlist.server.faults.FaultInjector;
import dev.matchlist.server.graph.AnswerException;
import dev.matchlist.server.graph.GraphError;
import dev.matchlist.server.graph.GraphRequest;
import dev.matchlist.server.graph.GraphResponse;
import dev.matchlist.server.store.Catalog;
import dev.matchlist.server.usage.Usage;
import dev.matchlist.server.usage.UsageMeter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What happens to every call once its ad account is known, before the handler does its work: the
 * account's injected faults (emulator), its call budget (80003 when spent), and the usage headers
 * on the answer, success or error.
 *
 * <pre>{@code
 * gate.pass(request, caller, audience.spec().adAccountId());
 * }</pre>
 */
public final class AccountGate {
  /** Left on the request for {@link UsageTiming}: whose time budget the call spends. */
  public record Spender(String appId, String adAccountId) {}

  private final UsageMeter meter;
  private final FaultInjector faults;
  private final Catalog catalog;

  public AccountGate(UsageMeter meter, FaultInjector faults, Catalog catalog) {
    this.meter = meter;
    this.faults = faults;
    this.catalog = catalog;
  }

  /** Lets the call through, or throws the Graph error (or HTML page) it must be answered with. */
  public void pass(GraphRequest request, Caller caller, String adAccountId) {
    Usage usage = meter.call(caller.app().id(), adAccountId, catalog.audienceCount(adAccountId));
    usage.headers().forEach(request::addResponseHeader);
    request.attach(Spender.class, new Spender(caller.app().id(), adAccountId));
    if (!usage.allowed()) {
      throw GraphError.customAudienceRateLimited().exception();
    }
    for (Fault fault : faults.nextCall(adAccountId)) {
      if (fault instanceof Fault.GraphError e && e.regainAccessMinutes() > 0) {
        // An injected rate limit tells the client when to come back, as a real one does.
        usage.blockedFor(e.regainAccessMinutes()).headers().forEach(request::addResponseHeader);
      }
      apply(fault);
    }
  }

  private static void apply(Fault fault) {
    if (fault instanceof Fault.Delay delay) {
      try {
        Thread.sleep(delay.delay());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else if (fault instanceof Fault.GraphError e) {
      throw GraphError.injected(
              e.code(), e.errorSubcode(), e.message(), e.type(), e.httpStatus(), e.isTransient())
          .exception();
    } else if (fault instanceof Fault.HtmlPage page) {
      throw new AnswerException(
          new GraphResponse(
              page.httpStatus(),
              page.body().getBytes(StandardCharsets.UTF_8),
              Map.of("Content-Type", "text/html; charset=utf-8")));
    }
  }
}
