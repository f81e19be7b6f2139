package dev.matchlist.server.admin;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.normalize.Normalizer;
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
import java.util.TreeMap;

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
 * one durable write ({@link IdentityBase#upsertAll}), so a request with a malformed line stores
 * nothing. Re-loading a user id replaces its identifiers. A server whose uploads match a synthetic
 * source refuses loads: its identity base would match nobody.
 */
public final class IdentitiesAdmin implements GraphService {
  /** The most users one load request takes; send bigger files in several requests. */
  public static final int MAX_USERS_PER_REQUEST = 10_000;

  private final AdminAuth auth;
  private final IdentityBase identityBase;
  private final Membership membership;
  private final boolean identityBaseMatches;
  private final Normalizer normalizer = Normalizer.standard();

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
        .delete(AdminService.PREFIX + "/identities/{user}", auth.guard(this::delete));
  }

  private GraphResponse load(GraphRequest request) {
    if (!identityBaseMatches) {
      throw GraphError.invalidParameter(
              "This server matches uploads against a synthetic source (--matching synthetic or"
                  + " population), not the identity base; restart it with --matching identities"
                  + " to load users")
          .exception();
    }
    ParamValue users =
        request.param("users").orElseThrow(() -> GraphError.missingParameter("users").exception());
    Map<String, List<PersonIdentifier>> loaded = new LinkedHashMap<>();
    IdentitiesAdminRows.Rejections rejections = new IdentitiesAdminRows.Rejections();
    Map<String, Long> ignoredFields = new TreeMap<>();
    new IdentitiesAdminRows()
        .read(
            users,
            new IdentitiesAdminRows.Sink() {
              @Override
              public void user(int line, PersonRow row) {
                if (loaded.size() >= MAX_USERS_PER_REQUEST && !loaded.containsKey(row.userId())) {
                  throw GraphError.tooManyParameters(
                          "More than "
                              + MAX_USERS_PER_REQUEST
                              + " users in one request (line "
                              + line
                              + "); send the file in several requests")
                      .exception();
                }
                PersonRow.Identifiers identifiers = row.identifiers(normalizer);
                for (Map.Entry<SchemaKey, String> rejected : identifiers.rejected().entrySet()) {
                  rejections.add(rejected.getKey(), line, rejected.getValue());
                }
                loaded.remove(row.userId()); // a repeated user id: the later line wins
                loaded.put(row.userId(), identifiers.identifiers());
              }

              @Override
              public void ignoredField(String name) {
                ignoredFields.merge(name, 1L, Long::sum);
              }
            });
    if (!loaded.isEmpty()) {
      identityBase.upsertAll(loaded);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("users", loaded.size());
    body.put("identifiers", loaded.values().stream().mapToLong(List::size).sum());
    body.put("users_without_identifiers", loaded.values().stream().filter(List::isEmpty).count());
    body.put("rejected", rejections.json());
    body.put("ignored_fields", ignoredFields);
    return GraphResponse.ok(body);
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
