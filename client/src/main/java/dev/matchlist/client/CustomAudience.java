package dev.matchlist.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An audience as the Graph API returned it: the fields asked for, as JSON, with getters for the
 * common ones. A field that was not asked for (or that the server left out) is simply absent.
 *
 * @param id the audience id (a numeric string)
 * @param name its name, {@code ""} when not asked for
 * @param fields every field returned, {@code id} and {@code name} included
 */
public record CustomAudience(String id, String name, Map<String, JsonNode> fields) {
  public CustomAudience {
    fields = Map.copyOf(fields);
  }

  /** {@code approximate_count_lower_bound}, when returned. */
  public OptionalLong approximateCountLowerBound() {
    return longField("approximate_count_lower_bound");
  }

  /** {@code approximate_count_upper_bound}, when returned. */
  public OptionalLong approximateCountUpperBound() {
    return longField("approximate_count_upper_bound");
  }

  /** {@code operation_status.code} (200 normal, 414 replace in progress...), when returned. */
  public OptionalInt operationStatusCode() {
    return statusCode("operation_status");
  }

  /** {@code delivery_status.code} (200 ready, 300 too small...), when returned. */
  public OptionalInt deliveryStatusCode() {
    return statusCode("delivery_status");
  }

  /** A field's text (numbers as their decimal text), when returned and not an object. */
  public Optional<String> text(String field) {
    JsonNode node = fields.get(field);
    return node == null || node.isNull() || node.isContainerNode()
        ? Optional.empty()
        : Optional.of(node.asText());
  }

  private OptionalLong longField(String field) {
    JsonNode node = fields.get(field);
    if (node == null || !(node.isNumber() || node.isTextual() && node.asText().matches("-?\\d+"))) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(node.asLong());
  }

  private OptionalInt statusCode(String field) {
    JsonNode code = fields.get(field) == null ? null : fields.get(field).get("code");
    return code == null || !code.canConvertToInt() && !code.isTextual()
        ? OptionalInt.empty()
        : OptionalInt.of(code.asInt());
  }
}
