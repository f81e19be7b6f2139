package dev.matchlist.server.admin;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.normalize.Normalizer;
import dev.matchlist.server.admin.IdentitiesAdminRows.ReadUser;
import dev.matchlist.server.admin.IdentitiesAdminRows.ReadUsers;
import dev.matchlist.server.graph.GraphError;
import dev.matchlist.server.graph.GraphRequest;
import dev.matchlist.server.graph.GraphResponse;
import dev.matchlist.server.graph.GraphRoutes;
import dev.matchlist.server.graph.GraphService;
import dev.matchlist.server.graph.ParamValue;
import dev.matchlist.server.matching.IdentityBase;
import dev.matchlist.server.matching.Membership;
import dev.matchlist.server.matching.PersonDirectory;
import dev.matchlist.server.matching.PersonIdentifier;
import dev.matchlist.server.matching.PersonRow;
import dev.matchlist.server.store.Catalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity base through the admin API (admin token only): load users, delete a user.
 *
 * <pre>
 * POST   /_matchlist/admin/v1/identities            users: NDJSON or a JSON array, ≤ 10,000 users
 * DELETE /_matchlist/admin/v1/identities/{user_id}  the user, and the person from every audience
 * </pre>
 *
 * <p>The {@code users} parameter is a multipart part ({@code curl -F users=@users.ndjson}), a form
 * field, or a JSON body's {@code "users"} (an array of objects, or an NDJSON string). Each user is
 * normalized and hashed with core's {@link Normalizer} before anything is stored; one request is
 * one durable write ({@link IdentityBase#stage}), so a request with a malformed line stores
 * nothing. Re-loading a user id replaces its identifiers. Optional {@code expected_identifiers} and
 * {@code expected_users} (what the whole load will still add) size the index and the user id filter
 * once for a bulk load. A server whose uploads match a synthetic source refuses loads: its identity
 * base would match nobody.
 *
 * <p>A load of many requests may keep several in flight: with {@code load_id} and {@code sequence}
 * each request is parsed, normalized and hashed at once but staged only after every earlier request
 * of its load ({@link IdentitiesAdminLoads}), so a later line still wins; it is staged while the
 * one before is written, and written after it. Each request is answered once its write is synced.
 */
public final class IdentitiesAdmin implements GraphService {
  /** The most users one load request takes; send bigger files in several requests. */
  public static final int MAX_USERS_PER_REQUEST = 10_000;

  private final AdminAuth auth;
  private final IdentityBase identityBase;
  private final Membership membership;
  private final boolean identityBaseMatches;
  private final Normalizer normalizer = Normalizer.standard();
  private final IdentitiesAdminLoads loads = new IdentitiesAdminLoads();

  /**
   * @param people who uploads are matched against: loads are refused unless it is {@code
   *     identityBase}
   */
  public IdentitiesAdmin(
      AdminToken adminToken,
      Catalog catalog,
      IdentityBase identityBase,
      PersonDirectory people,
      Membership membership) {
    this.auth = new AdminAuth(adminToken, catalog);
    this.identityBase = identityBase;
    this.membership = membership;
    this.identityBaseMatches = people == identityBase;
  }

  @Override
  public void register(GraphRoutes.Builder routes) {
    routes
        .post(AdminService.PREFIX + "/identities", auth.guard(this::load))
        .delete(AdminService.PREFIX + "/identities/{user}", auth.guard(this::delete))
        // the CLI's nested users array is read once, as the body is decoded
        .readNestedJson("users", IdentitiesAdminRows::readNested);
  }

  private GraphResponse load(GraphRequest request) {
    if (!identityBaseMatches) {
      throw GraphError.invalidParameter(
              "This server matches uploads against a synthetic source (--matching synthetic or"
                  + " population), not the identity base; restart it with --matching identities"
                  + " to load users")
          .exception();
    }
    try (IdentitiesAdminLoads.Turn turn = loads.arrive(request)) {
      ParamValue users =
          request
              .param("users")
              .orElseThrow(() -> GraphError.missingParameter("users").exception());
      Expected expected = Expected.of(request);
      Prepared prepared = prepare(users);
      // read while the previous request is written; what that write changes is read again
      IdentityBase.StoredUsers stored = identityBase.readStored(prepared.loaded().keySet());
      // every earlier request of its load is staged: now this one, while those are written
      IdentityBase.StagedWrite previous = turn.await();
      if (expected.identifiers() > 0 || expected.users() > 0) {
        identityBase.reserve(expected.identifiers(), expected.users());
      }
      if (prepared.loaded().isEmpty()) {
        turn.staged(previous);
        if (previous != null) {
          previous.awaitDurable(); // answered only once what came before it is applied
        }
      } else {
        IdentityBase.StagedWrite write = identityBase.stage(prepared.loaded(), stored, previous);
        turn.staged(write);
        write.commit();
      }
      turn.applied();
      Map<String, Object> body = new LinkedHashMap<>(turn.answerFields());
      Map<String, List<PersonIdentifier>> loaded = prepared.loaded();
      long identifiers = 0;
      long usersWithout = 0;
      for (List<PersonIdentifier> ofUser : loaded.values()) { // a loop: a map's streams cost more
        identifiers += ofUser.size();
        usersWithout += ofUser.isEmpty() ? 1 : 0;
      }
      body.put("users", loaded.size());
      body.put("identifiers", identifiers);
      body.put("users_without_identifiers", usersWithout);
      body.put("rejected", prepared.rejections().json());
      body.put("ignored_fields", prepared.ignoredFields());
      return GraphResponse.ok(body);
    }
  }

  /** One request's users, normalized and hashed, before anything is written. */
  private record Prepared(
      Map<String, List<PersonIdentifier>> loaded,
      IdentitiesAdminRows.Rejections rejections,
      Map<String, Long> ignoredFields) {}

  /**
   * Reads, normalizes and hashes the users: the part of a load that needs no turn. A JSON body's
   * nested array was read as the body was decoded; any other shape is read here.
   */
  private Prepared prepare(ParamValue users) {
    ReadUsers readUsers =
        users.decoded(ReadUsers.class).orElseGet(() -> IdentitiesAdminRows.read(users));
    List<ReadUser> read = readUsers.users();
    // Normalizing and hashing is most of a load's work: spread over the cores, kept in line order.
    List<PersonRow.Identifiers> identified =
        read.parallelStream().map(user -> user.identifiers(normalizer)).toList();
    Map<String, List<PersonIdentifier>> loaded = LinkedHashMap.newLinkedHashMap(read.size());
    IdentitiesAdminRows.Rejections rejections = new IdentitiesAdminRows.Rejections();
    for (int i = 0; i < read.size(); i++) {
      PersonRow.Identifiers identifiers = identified.get(i);
      for (Map.Entry<SchemaKey, String> rejected : identifiers.rejected().entrySet()) {
        rejections.add(rejected.getKey(), read.get(i).line(), rejected.getValue());
      }
      String userId = read.get(i).userId();
      if (loaded.put(userId, identifiers.identifiers()) != null) {
        // a repeated user id: the later line wins, in its place (one hash look-up for the others)
        loaded.remove(userId);
        loaded.put(userId, identifiers.identifiers());
      }
    }
    return new Prepared(loaded, rejections, readUsers.ignoredFields());
  }

  /**
   * The optional {@code expected_identifiers} and {@code expected_users}: how many identifiers and
   * users the load this request belongs to will still add, this request's included. The index and
   * the user id filter grow once to hold them, instead of by steps (1.5× steps of the index each
   * rehash everything and leave it as little as 61 % full).
   */
  private record Expected(long identifiers, long users) {
    static Expected of(GraphRequest request) {
      return new Expected(count(request, "expected_identifiers"), count(request, "expected_users"));
    }

    private static long count(GraphRequest request, String name) {
      return request
          .param(name)
          .map(
              value -> {
                try {
                  long expected = Long.parseLong(value.stringValue().strip());
                  if (expected < 0) {
                    throw new NumberFormatException();
                  }
                  return expected;
                } catch (NumberFormatException e) {
                  throw GraphError.invalidParameter(name + " must be a whole number, 0 or more")
                      .exception();
                }
              })
          .orElse(0L);
    }
  }

  private GraphResponse delete(GraphRequest request) {
    String userId = request.pathParam("user");
    int person = identityBase.delete(userId);
    boolean deleted = person != PersonDirectory.NO_PERSON;
    if (deleted) {
      membership.removePersonEverywhere(person);
    }
    return GraphResponse.ok(Map.of("success", true, "deleted", deleted));
  }
}
