package dev.matchlist.server.audiences;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.matchlist.server.store.Catalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Renders a custom audience's fields the way Graph does, with the JSON types the official SDKs map
 * onto typed objects: ids as numeric strings, counts and times as numbers, statuses as {@code
 * {code, description}} objects.
 *
 * <p>Without {@code fields} only {@code id} is returned. Fields we do not know are left out, not
 * refused: the Java SDK's {@code fetch()} asks for every field it knows (about 41). A field's
 * sub-selection ({@code operation_status{code}}) returns the whole field.
 */
public final class AudienceFields {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final Map<String, BiConsumer<ObjectNode, Source>> FIELDS = new LinkedHashMap<>();

  private record Source(Catalog.Audience audience, AudienceState state) {}

  static {
    FIELDS.put("id", (o, s) -> o.put("id", s.audience().id()));
    FIELDS.put("account_id", (o, s) -> o.put("account_id", s.audience().spec().adAccountId()));
    FIELDS.put("name", (o, s) -> o.put("name", s.audience().spec().name()));
    FIELDS.put("description", (o, s) -> o.put("description", s.audience().spec().description()));
    FIELDS.put("subtype", (o, s) -> o.put("subtype", s.audience().spec().subtype()));
    FIELDS.put(
        "customer_file_source",
        (o, s) -> {
          // absent when the creator did not say, as on Graph; never an empty enum value
          String source = s.audience().spec().customerFileSource();
          if (!source.isEmpty()) {
            o.put("customer_file_source", source);
          }
        });
    FIELDS.put(
        "approximate_count_lower_bound",
        (o, s) -> o.put("approximate_count_lower_bound", s.state().approximateCountLowerBound()));
    FIELDS.put(
        "approximate_count_upper_bound",
        (o, s) -> o.put("approximate_count_upper_bound", s.state().approximateCountUpperBound()));
    FIELDS.put("data_source", (o, s) -> o.set("data_source", dataSource(s.audience())));
    FIELDS.put(
        "operation_status",
        (o, s) ->
            o.set(
                "operation_status",
                status(
                    s.state().operationStatus(),
                    AudienceState.operationDescription(s.state().operationStatus()))));
    FIELDS.put(
        "delivery_status",
        (o, s) ->
            o.set(
                "delivery_status",
                status(
                    s.state().deliveryStatus(),
                    AudienceState.deliveryDescription(s.state().deliveryStatus()))));
    FIELDS.put(
        "is_value_based", (o, s) -> o.put("is_value_based", s.audience().spec().isValueBased()));
    FIELDS.put(
        "retention_days", (o, s) -> o.put("retention_days", s.audience().spec().retentionDays()));
    FIELDS.put("opt_out_link", (o, s) -> o.put("opt_out_link", s.audience().spec().optOutLink()));
    FIELDS.put("time_created", (o, s) -> o.put("time_created", s.audience().timeCreated()));
    FIELDS.put("time_updated", (o, s) -> o.put("time_updated", s.audience().timeUpdated()));
    FIELDS.put(
        "time_content_updated",
        (o, s) ->
            o.put(
                "time_content_updated",
                s.state().timeContentUpdated() > 0
                    ? s.state().timeContentUpdated()
                    : s.audience().timeContentUpdated()));
    FIELDS.put("lookalike_audience_ids", (o, s) -> o.putArray("lookalike_audience_ids"));
    FIELDS.put(
        "fields_violating_integrity_policy",
        (o, s) -> o.putArray("fields_violating_integrity_policy"));
  }

  private AudienceFields() {}

  /**
   * The audience as JSON with the requested fields, in the order asked.
   *
   * @param fields the {@code fields} parameter as sent (comma-separated), or null/blank for none
   */
  public static ObjectNode render(Catalog.Audience audience, AudienceState state, String fields) {
    Source source = new Source(audience, state);
    ObjectNode out = NODES.objectNode();
    List<String> names = requested(fields);
    if (names.isEmpty()) {
      names = List.of("id");
    }
    for (String name : names) {
      BiConsumer<ObjectNode, Source> field = FIELDS.get(name);
      if (field != null) {
        field.accept(out, source);
      }
    }
    if (!out.has("id")) {
      // Graph always returns the id, asked for or not.
      ObjectNode withId = NODES.objectNode().put("id", audience.id());
      withId.setAll(out);
      return withId;
    }
    return out;
  }

  /** Top-level names of a {@code fields} parameter, sub-selections in braces skipped. */
  static List<String> requested(String fields) {
    List<String> names = new ArrayList<>();
    if (fields == null) {
      return names;
    }
    int depth = 0;
    StringBuilder name = new StringBuilder();
    for (int i = 0; i <= fields.length(); i++) {
      char c = i < fields.length() ? fields.charAt(i) : ',';
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth = Math.max(0, depth - 1);
      } else if (depth == 0 && c == ',') {
        String trimmed = name.toString().strip();
        if (!trimmed.isEmpty() && !names.contains(trimmed)) {
          names.add(trimmed);
        }
        name.setLength(0);
      } else if (depth == 0) {
        name.append(c);
      }
    }
    return names;
  }

  private static ObjectNode status(int code, String description) {
    return NODES.objectNode().put("code", code).put("description", description);
  }

  /**
   * Before the first upload Graph reports {@code UNKNOWN/ANYTHING}; after it, the kind the first
   * upload fixed (e.g. {@code FILE_IMPORTED/MULTI_HASHES}).
   */
  private static ObjectNode dataSource(Catalog.Audience audience) {
    String stored = audience.dataSource();
    int dot = stored.indexOf('.');
    String type = dot < 0 ? "UNKNOWN" : stored.substring(0, dot);
    String subType = dot < 0 ? "ANYTHING" : stored.substring(dot + 1);
    return NODES
        .objectNode()
        .put("type", type)
        .put("sub_type", subType)
        .put("creation_params", "[]");
  }
}
