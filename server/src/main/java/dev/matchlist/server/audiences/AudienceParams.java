package dev.matchlist.server.audiences;

import dev.matchlist.server.graph.GraphError;
import dev.matchlist.server.graph.GraphParams;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads and checks the parameters that define a customer-file audience, for create and update.
 * Every refusal is a code 100 error naming the parameter and what it may be.
 */
final class AudienceParams {
  static final String CUSTOM = "CUSTOM";

  static final List<String> CUSTOMER_FILE_SOURCES =
      List.of("USER_PROVIDED_ONLY", "PARTNER_PROVIDED_ONLY", "BOTH_USER_AND_PARTNER_PROVIDED");

  /** Meta's documented range: 1–180 days, and 0 for "keep people forever". */
  static final int MAX_RETENTION_DAYS = 180;

  private final GraphParams params;

  AudienceParams(GraphParams params) {
    this.params = params;
  }

  /** A name that is not blank; absent is empty, blank is refused. */
  Optional<String> name() {
    Optional<String> name = params.string("name");
    if (name.isPresent() && name.get().isBlank()) {
      throw GraphError.invalidParameter("Param name must be a non-empty string").exception();
    }
    return name.map(String::strip);
  }

  Optional<String> text(String param) {
    return params.string(param);
  }

  /** The subtype, which must be {@code CUSTOM} (case-insensitive) when sent. */
  Optional<String> subtype() {
    Optional<String> subtype =
        params.string("subtype").map(s -> s.strip().toUpperCase(Locale.ROOT));
    if (subtype.isPresent() && !subtype.get().equals(CUSTOM)) {
      throw GraphError.invalidParameter(
              "Param subtype must be one of {CUSTOM}: this server makes customer-file audiences"
                  + " only, not "
                  + subtype.get())
          .exception();
    }
    return subtype;
  }

  Optional<String> customerFileSource() {
    return params
        .string("customer_file_source")
        .map(
            source -> {
              String upper = source.strip().toUpperCase(Locale.ROOT);
              if (!CUSTOMER_FILE_SOURCES.contains(upper)) {
                throw GraphError.invalidParameter(
                        "Param customer_file_source must be one of {"
                            + String.join(", ", CUSTOMER_FILE_SOURCES)
                            + "}, not "
                            + source)
                    .exception();
              }
              return upper;
            });
  }

  Optional<Integer> retentionDays() {
    return params
        .string("retention_days")
        .map(
            text -> {
              int days;
              try {
                days = Integer.parseInt(text.strip());
              } catch (NumberFormatException e) {
                days = -1;
              }
              if (days < 0 || days > MAX_RETENTION_DAYS) {
                throw GraphError.invalidParameter(
                        "Param retention_days must be a whole number of days from 1 to "
                            + MAX_RETENTION_DAYS
                            + ", or 0 to keep people until they are removed; got "
                            + text)
                    .exception();
              }
              return days;
            });
  }

  /** A boolean parameter: {@code true}/{@code false} or {@code 1}/{@code 0}, any case. */
  Optional<Boolean> bool(String param) {
    return params
        .string(param)
        .map(
            text -> {
              String value = text.strip().toLowerCase(Locale.ROOT);
              return switch (value) {
                case "true", "1" -> true;
                case "false", "0" -> false;
                default ->
                    throw GraphError.invalidParameter(
                            "Param " + param + " must be a boolean (true or false), not " + text)
                        .exception();
              };
            });
  }
}
