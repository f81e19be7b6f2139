package dev.matchlist.server.lookup;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.matchlist.server.admin.AdminAuth;
import dev.matchlist.server.admin.AdminToken;
import dev.matchlist.server.graph.GraphError;
import dev.matchlist.server.graph.GraphJson;
import dev.matchlist.server.graph.GraphRequest;
import dev.matchlist.server.graph.GraphResponse;
import dev.matchlist.server.graph.GraphRoutes;
import dev.matchlist.server.graph.GraphService;
import dev.matchlist.server.matching.AudienceMembers;
import dev.matchlist.server.matching.Membership;
import dev.matchlist.server.matching.PersonDirectory;
import dev.matchlist.server.store.Catalog;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.roaringbitmap.IntIterator;

/**
 * Membership look-ups for the operator's ad server, by the operator's own user ids (admin token
 * only, see {@link AdminAuth}):
 *
 * <pre>
 * GET  /internal/v1/people/{user_id}/audiences  → {"user_id":"u1","audiences":["6001",...],
 *                                                   "ldu_audiences":[...]}
 * POST /internal/v1/people/audiences            {"user_ids":[...]} (≤ 1,000)
 *                                               → {"data":[{"user_id":..,"audiences":[..]},...]}
 * GET  /internal/v1/audiences/{id}/members      NDJSON, one {"user_id":"u1"} a line
 * </pre>
 *
 * <p>An unknown user is in no audience (an empty list, not an error): the ad server asks about
 * every visitor, most of whom no advertiser uploaded. Audience ids are sorted. Reads take one
 * published membership snapshot, so an answer never mixes two versions of an audience. The members
 * export streams from that snapshot (chunked), so its memory does not grow with the audience.
 */
public final class LookupService implements GraphService {
  /** The path prefix; the first segment is a literal, so it never reads as a Graph node id. */
  public static final String PREFIX = "/internal/v1";

  /** The most user ids one batch look-up takes. */
  public static final int MAX_BATCH = 1_000;

  private final AdminAuth auth;
  private final Catalog catalog;
  private final PersonDirectory people;
  private final Membership membership;

  /**
   * @param people whom uploads are matched against: the identity base, or a synthetic source
   */
  public LookupService(
      AdminToken adminToken, Catalog catalog, PersonDirectory people, Membership membership) {
    this.auth = new AdminAuth(adminToken, catalog);
    this.catalog = catalog;
    this.people = people;
    this.membership = membership;
  }

  @Override
  public void register(GraphRoutes.Builder routes) {
    routes
        .get(PREFIX + "/people/{user}/audiences", auth.guard(this::audiencesOfOne))
        .post(PREFIX + "/people/audiences", auth.guard(this::audiencesOfMany))
        .get(PREFIX + "/audiences/{audience}/members", auth.guard(this::members));
  }

  private GraphResponse audiencesOfOne(GraphRequest request) {
    PersonAudiences found = audiencesOf(request.pathParam("user"));
    return GraphResponse.okJson(found::writeTo);
  }

  private GraphResponse audiencesOfMany(GraphRequest request) {
    JsonNode ids =
        request
            .param("user_ids")
            .orElseThrow(() -> GraphError.missingParameter("user_ids").exception())
            .asJson();
    if (!ids.isArray()) {
      throw GraphError.invalidParameter("user_ids must be a JSON array of user ids").exception();
    }
    if (ids.size() > MAX_BATCH) {
      throw GraphError.tooManyParameters(
              "user_ids has " + ids.size() + " ids, more than " + MAX_BATCH + " per request")
          .exception();
    }
    List<PersonAudiences> data = new ArrayList<>(ids.size());
    for (JsonNode id : ids) {
      if (!id.isTextual() && !id.isIntegralNumber()) {
        throw GraphError.invalidParameter("user_ids: ids must be strings or numbers").exception();
      }
      data.add(audiencesOf(id.asText()));
    }
    return GraphResponse.okJson(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("data");
          for (PersonAudiences found : data) {
            found.writeTo(json);
          }
          json.writeEndArray();
          json.writeEndObject();
        });
  }

  private PersonAudiences audiencesOf(String userId) {
    int person = people.personOfUser(userId);
    List<String> audiences = new ArrayList<>();
    List<String> limitedDataUse = new ArrayList<>();
    if (person != PersonDirectory.NO_PERSON) {
      membership.forEachAudienceOf(
          person,
          (audienceId, members) -> {
            audiences.add(audienceId);
            if (members.isLdu(person)) {
              limitedDataUse.add(audienceId);
            }
          });
    }
    return new PersonAudiences(userId, audiences, limitedDataUse);
  }

  /**
   * One person's answer.
   *
   * @param limitedDataUse of {@code audiences}, those whose advertiser uploaded this person with
   *     Limited Data Use: the ad server must honour LDU when it serves them
   */
  private record PersonAudiences(
      String userId, List<String> audiences, List<String> limitedDataUse) {
    void writeTo(JsonGenerator json) throws IOException {
      json.writeStartObject();
      json.writeStringField("user_id", userId);
      writeArray(json, "audiences", audiences);
      writeArray(json, "ldu_audiences", limitedDataUse);
      json.writeEndObject();
    }

    private static void writeArray(JsonGenerator json, String field, List<String> values)
        throws IOException {
      json.writeArrayFieldStart(field);
      for (String value : values) {
        json.writeString(value);
      }
      json.writeEndArray();
    }
  }

  private GraphResponse members(GraphRequest request) {
    String audienceId = request.pathParam("audience");
    if (catalog.audience(audienceId).isEmpty()) {
      throw GraphError.unknownObject(request.method(), audienceId).exception();
    }
    AudienceMembers members = membership.members(audienceId); // one snapshot for the whole export
    return GraphResponse.okStreamed(
        Map.of("Content-Type", "application/x-ndjson"), out -> writeMembers(members, out));
  }

  private void writeMembers(AudienceMembers members, OutputStream out) throws IOException {
    try (JsonGenerator json =
        GraphJson.FACTORY.createGenerator(new BufferedOutputStream(out, 64 * 1024))) {
      json.setRootValueSeparator(null);
      IntIterator persons = members.people().getIntIterator();
      while (persons.hasNext()) {
        Optional<String> userId = people.userIdOf(persons.next());
        if (userId.isPresent()) { // a person deleted mid-way has no user id left: skipped
          json.writeStartObject();
          json.writeStringField("user_id", userId.get());
          json.writeEndObject();
          json.writeRaw('\n');
        }
      }
    }
  }
}
