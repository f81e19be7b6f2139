package dev.matchlist.client;

import java.util.Objects;

/**
 * What {@link GraphClient#createAudience} creates: a customer-file audience.
 *
 * @param name shown in Ads Manager
 * @param description may be empty (then not sent)
 * @param subtype {@code CUSTOM} for customer files
 * @param customerFileSource {@code USER_PROVIDED_ONLY}, {@code PARTNER_PROVIDED_ONLY} or {@code
 *     BOTH_USER_AND_PARTNER_PROVIDED}; Meta has required it since 2018
 * @param valueBased whether rows carry LOOKALIKE_VALUE ({@code is_value_based})
 */
public record AudienceSpec(
    String name,
    String description,
    String subtype,
    String customerFileSource,
    boolean valueBased) {
  public AudienceSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(subtype, "subtype");
    Objects.requireNonNull(customerFileSource, "customerFileSource");
    if (name.isBlank()) {
      throw new IllegalArgumentException("an audience needs a name");
    }
  }

  /** A {@code CUSTOM} audience of {@code USER_PROVIDED_ONLY} data, not value-based. */
  public static AudienceSpec customerList(String name, String description) {
    return new AudienceSpec(name, description, "CUSTOM", "USER_PROVIDED_ONLY", false);
  }
}
