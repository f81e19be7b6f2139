package dev.matchlist.server.audiences;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.matchlist.server.graph.GraphError;
import dev.matchlist.server.graph.GraphRequest;
import dev.matchlist.server.graph.ParamValue;
import dev.matchlist.server.store.Catalog;
import dev.matchlist.server.store.Catalog.ListedAudience;
import dev.matchlist.server.store.Catalog.ListingPosition;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * One page of {@code GET /act_{account}/customaudiences}, with Graph's cursor paging.
 *
 * <p>The surprising part: {@code paging.next} and {@code paging.previous} are absolute URLs on this
 * server that repeat every original parameter, {@code access_token} included, because the Java and
 * Node SDKs fetch them verbatim and add nothing but (Java) {@code appsecret_proof}. Cursors are the
 * base64url of a listing position (creation time and id), so they stay valid when the audience they
 * name is deleted, and they only ever seek inside the caller's own ad account.
 */
final class AudienceListing {
  static final int DEFAULT_PAGE_SIZE = 25;
  static final int MAX_PAGE_SIZE = 500;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Catalog catalog;
  private final AudienceStates states;

  AudienceListing(Catalog catalog, AudienceStates states) {
    this.catalog = catalog;
    this.states = states;
  }

  ObjectNode page(GraphRequest request, String adAccountId) {
    int limit = limit(request);
    Optional<ListingPosition> after = cursor(request, "after");
    Optional<ListingPosition> before =
        after.isPresent() ? Optional.empty() : cursor(request, "before");
    List<ListedAudience> page =
        before.isPresent()
            ? catalog.audiencesBefore(adAccountId, before.get(), limit)
            : catalog.audiencesAfter(adAccountId, after.orElse(null), limit);

    String fields = request.params().string("fields").orElse(null);
    ObjectNode out = NODES.objectNode();
    ArrayNode data = out.putArray("data");
    for (ListedAudience listed : page) {
      data.add(AudienceFields.render(listed.audience(), states.stateOf(listed.audience()), fields));
    }
    if (!page.isEmpty()) {
      ListingPosition first = page.get(0).position();
      ListingPosition last = page.get(page.size() - 1).position();
      ObjectNode paging = out.putObject("paging");
      paging.putObject("cursors").put("before", encode(first)).put("after", encode(last));
      if (!catalog.audiencesBefore(adAccountId, first, 1).isEmpty()) {
        paging.put("previous", link(request, adAccountId, "before", first));
      }
      if (!catalog.audiencesAfter(adAccountId, last, 1).isEmpty()) {
        paging.put("next", link(request, adAccountId, "after", last));
      }
    }
    if (request.params().flag("summary")) {
      out.putObject("summary").put("total_count", catalog.audienceCount(adAccountId));
    }
    return out;
  }

  private static int limit(GraphRequest request) {
    Optional<String> text = request.params().string("limit").map(String::strip);
    if (text.isEmpty() || text.get().isEmpty()) {
      return DEFAULT_PAGE_SIZE;
    }
    try {
      int limit = Integer.parseInt(text.get());
      if (limit >= 1) {
        return Math.min(limit, MAX_PAGE_SIZE);
      }
    } catch (NumberFormatException tooLongOrNotANumber) {
      // refused below
    }
    throw GraphError.invalidParameter(
            "Param limit must be a positive whole number (at most "
                + MAX_PAGE_SIZE
                + " are returned per page), not "
                + text.get())
        .exception();
  }

  private static Optional<ListingPosition> cursor(GraphRequest request, String name) {
    Optional<String> text = request.params().string(name).map(String::strip);
    if (text.isEmpty() || text.get().isEmpty()) {
      return Optional.empty();
    }
    Optional<ListingPosition> position;
    try {
      position =
          ListingPosition.parse(
              new String(Base64.getUrlDecoder().decode(text.get()), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException notBase64) {
      position = Optional.empty();
    }
    if (position.isEmpty()) {
      throw GraphError.invalidParameter(
              "Param "
                  + name
                  + " is not a paging cursor of this server: use paging.cursors."
                  + name
                  + " from a previous page as it is")
          .exception();
    }
    return position;
  }

  static String encode(ListingPosition position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(position.text().getBytes(StandardCharsets.UTF_8));
  }

  /** The same request with one cursor instead of the old ones, as an absolute URL. */
  private static String link(
      GraphRequest request, String adAccountId, String cursorName, ListingPosition cursor) {
    StringJoiner query = new StringJoiner("&");
    boolean hasToken = false;
    for (Map.Entry<String, ParamValue> param : request.params().asMap().entrySet()) {
      String name = param.getKey();
      if (name.equals("after") || name.equals("before")) {
        continue;
      }
      hasToken |= name.equals("access_token");
      query.add(encodeQuery(name) + "=" + encodeQuery(param.getValue().text()));
    }
    if (!hasToken) {
      // the token came in an Authorization header; the SDKs will not send it again
      request.accessToken().ifPresent(t -> query.add("access_token=" + encodeQuery(t)));
    }
    query.add(cursorName + "=" + encode(cursor));
    return request.baseUrl()
        + "/"
        + request.version()
        + "/act_"
        + adAccountId
        + "/customaudiences?"
        + query;
  }

  private static String encodeQuery(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
