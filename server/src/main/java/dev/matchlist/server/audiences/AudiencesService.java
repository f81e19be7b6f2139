package dev.matchlist.server.audiences;

import dev.matchlist.server.access.Access;
import dev.matchlist.server.access.AccountGate;
import dev.matchlist.server.access.Caller;
import dev.matchlist.server.graph.GraphError;
import dev.matchlist.server.graph.GraphRequest;
import dev.matchlist.server.graph.GraphResponse;
import dev.matchlist.server.graph.GraphRoutes;
import dev.matchlist.server.graph.GraphService;
import dev.matchlist.server.store.Catalog;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The custom-audience object API: create, read, list, update and delete customer-file audiences.
 *
 * <pre>{@code
 * POST   /act_{account}/customaudiences   name, subtype=CUSTOM, customer_file_source, … → {"id"}
 * GET    /act_{account}/customaudiences   fields, limit, after|before, summary → data + paging
 * GET    /{audience}                      fields → the audience
 * POST   /{audience}                      name, description, … → {"success":true}
 * DELETE /{audience}                      → {"success":true}
 * }</pre>
 *
 * <p>Every route authenticates the caller, resolves the object inside the caller's ad accounts
 * (another account's objects answer like missing ones), passes the account's gate (faults, call
 * budget, usage headers), and only then validates and works, as Meta counts refused calls too.
 *
 * <p>Creates and updates of one ad account are serialized here, so that two concurrent creates
 * cannot both pass the audience limit. That holds within one server process.
 */
public final class AudiencesService implements GraphService {
  /** Meta's limit of customer-file audiences per ad account. */
  public static final int MAX_CUSTOMER_FILE_AUDIENCES = 500;

  private final Catalog catalog;
  private final Access access;
  private final AccountGate gate;
  private final AudienceStates states;
  private final Clock clock;
  private final int maxAudiencesPerAccount;
  private final AudienceListing listing;
  private final Consumer<String> onDeleted;
  private final Map<String, ReentrantLock> accountLocks = new ConcurrentHashMap<>();

  public AudiencesService(
      Catalog catalog, Access access, AccountGate gate, AudienceStates states, Clock clock) {
    this(catalog, access, gate, states, clock, MAX_CUSTOMER_FILE_AUDIENCES);
  }

  /**
   * @param maxAudiencesPerAccount how many audiences an ad account may hold; Meta's {@link
   *     #MAX_CUSTOMER_FILE_AUDIENCES} unless an operator (or a test) wants another number
   */
  public AudiencesService(
      Catalog catalog,
      Access access,
      AccountGate gate,
      AudienceStates states,
      Clock clock,
      int maxAudiencesPerAccount) {
    this(catalog, access, gate, states, clock, maxAudiencesPerAccount, audienceId -> {});
  }

  /**
   * @param onDeleted runs with an audience's id after the catalog deleted it, before the answer:
   *     the server deletes the audience's membership with it. The catalog goes first, so that a
   *     matcher checking the catalog cannot put members back after the membership is gone
   */
  public AudiencesService(
      Catalog catalog,
      Access access,
      AccountGate gate,
      AudienceStates states,
      Clock clock,
      int maxAudiencesPerAccount,
      Consumer<String> onDeleted) {
    if (maxAudiencesPerAccount < 1) {
      throw new IllegalArgumentException(
          "maxAudiencesPerAccount must be positive: " + maxAudiencesPerAccount);
    }
    this.catalog = catalog;
    this.access = access;
    this.gate = gate;
    this.states = states;
    this.clock = clock;
    this.maxAudiencesPerAccount = maxAudiencesPerAccount;
    this.listing = new AudienceListing(catalog, states);
    this.onDeleted = onDeleted;
  }

  /** How many audiences an ad account may hold here. */
  public int maxAudiencesPerAccount() {
    return maxAudiencesPerAccount;
  }

  @Override
  public void register(GraphRoutes.Builder routes) {
    routes
        .post("/act_{account}/customaudiences", this::create)
        .get("/act_{account}/customaudiences", this::list)
        .get("/{audience}", this::read)
        .post("/{audience}", this::update)
        .delete("/{audience}", this::delete);
  }

  GraphResponse create(GraphRequest request) {
    Caller caller = access.caller(request);
    Catalog.AdAccount account = access.adAccount(request, caller, request.pathParam("account"));
    gate.pass(request, caller, account.id());

    AudienceParams params = new AudienceParams(request.params());
    String name = params.name().orElseThrow(() -> GraphError.missingParameter("name").exception());
    Catalog.AudienceSpec spec =
        new Catalog.AudienceSpec(
            account.id(),
            name,
            params.text("description").orElse(""),
            params.subtype().orElse(AudienceParams.CUSTOM),
            params.customerFileSource().orElse(""),
            params.bool("is_value_based").orElse(false),
            params.retentionDays().orElse(0),
            params.text("opt_out_link").orElse(""));
    boolean fetchOrCreate = params.bool("enable_fetch_or_create").orElse(false);

    Catalog.Audience audience =
        underAccountLock(
            account.id(),
            () -> {
              if (fetchOrCreate) {
                Optional<Catalog.Audience> same =
                    catalog.audiences(account.id()).stream()
                        .filter(existing -> existing.spec().equals(spec))
                        .findFirst();
                if (same.isPresent()) {
                  return same.get();
                }
              }
              if (catalog.audienceCount(account.id()) >= maxAudiencesPerAccount) {
                throw GraphError.audienceCreationFailed(
                        "this ad account already has "
                            + maxAudiencesPerAccount
                            + " customer-file custom audiences, the most it may have. Delete"
                            + " audiences you no longer use before creating new ones.")
                    .exception();
              }
              return catalog.createAudience(spec);
            });
    return render(request, audience);
  }

  GraphResponse read(GraphRequest request) {
    Caller caller = access.caller(request);
    Catalog.Audience audience = access.audience(request, caller, request.pathParam("audience"));
    gate.pass(request, caller, audience.spec().adAccountId());
    return render(request, audience);
  }

  GraphResponse list(GraphRequest request) {
    Caller caller = access.caller(request);
    Catalog.AdAccount account = access.adAccount(request, caller, request.pathParam("account"));
    gate.pass(request, caller, account.id());
    return GraphResponse.ok(listing.page(request, account.id()));
  }

  GraphResponse update(GraphRequest request) {
    Caller caller = access.caller(request);
    Catalog.Audience found = access.audience(request, caller, request.pathParam("audience"));
    String accountId = found.spec().adAccountId();
    gate.pass(request, caller, accountId);

    AudienceParams params = new AudienceParams(request.params());
    Optional<String> name = params.name();
    Optional<String> description = params.text("description");
    Optional<String> optOutLink = params.text("opt_out_link");
    Optional<Integer> retentionDays = params.retentionDays();
    Optional<String> customerFileSource = params.customerFileSource();

    // Only the parameters sent change; the rest is taken from the audience as stored right now.
    boolean updated =
        catalog
            .modifyAudience(
                found.id(),
                current -> {
                  Catalog.AudienceSpec old = current.spec();
                  Catalog.AudienceSpec changed =
                      new Catalog.AudienceSpec(
                          old.adAccountId(),
                          name.orElse(old.name()),
                          description.orElse(old.description()),
                          old.subtype(),
                          customerFileSource.orElse(old.customerFileSource()),
                          old.isValueBased(),
                          retentionDays.orElse(old.retentionDays()),
                          optOutLink.orElse(old.optOutLink()));
                  return current.withSpec(changed, clock.instant().getEpochSecond());
                })
            .isPresent();
    if (!updated) {
      throw GraphError.unknownObject(request.method(), found.id()).exception();
    }
    return success();
  }

  GraphResponse delete(GraphRequest request) {
    Caller caller = access.caller(request);
    Catalog.Audience audience = access.audience(request, caller, request.pathParam("audience"));
    String accountId = audience.spec().adAccountId();
    gate.pass(request, caller, accountId);
    boolean deleted = underAccountLock(accountId, () -> catalog.deleteAudience(audience.id()));
    if (!deleted) {
      // deleted by a concurrent call since the access check: answer like any missing object
      throw GraphError.unknownObject(request.method(), audience.id()).exception();
    }
    onDeleted.accept(audience.id());
    return success();
  }

  private GraphResponse render(GraphRequest request, Catalog.Audience audience) {
    String fields = request.params().string("fields").orElse(null);
    return GraphResponse.ok(AudienceFields.render(audience, states.stateOf(audience), fields));
  }

  private static GraphResponse success() {
    return GraphResponse.ok(Map.of("success", true));
  }

  private <T> T underAccountLock(String adAccountId, Supplier<T> work) {
    // ReentrantLock rather than synchronized: handlers run on virtual threads, which JDK 21 pins
    // to their carrier while inside a synchronized block.
    ReentrantLock lock = accountLocks.computeIfAbsent(adAccountId, id -> new ReentrantLock());
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
