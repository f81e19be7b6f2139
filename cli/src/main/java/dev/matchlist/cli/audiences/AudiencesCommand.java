package dev.matchlist.cli.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.matchlist.cli.TextTable;
import dev.matchlist.cli.graph.GraphCall;
import dev.matchlist.cli.graph.GraphOptions;
import dev.matchlist.cli.graph.JsonOutput;
import dev.matchlist.client.AudienceSpec;
import dev.matchlist.client.CustomAudience;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code matchlist audiences create|list|show|delete}: customer-file audiences on a Graph host
 * (Matchlist or Meta). Tables for people, {@code --json} for scripts; the JSON of {@code show} and
 * {@code list} is the audience as the host sent it.
 */
@Command(
    name = "audiences",
    mixinStandardHelpOptions = true,
    description = "Creates, lists, shows and deletes customer-file custom audiences.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  export MATCHLIST_BASE_URL=http://127.0.0.1:8080 MATCHLIST_TOKEN=...",
      "  matchlist audiences create --account act_1234 --name \"Newsletter\"",
      "  matchlist audiences list --account act_1234",
      "  matchlist audiences show 2384728988619058 --json | jq .approximate_count_lower_bound",
      "  matchlist audiences delete 2384728988619058",
      "",
      "Exit codes: 0 done, 2 usage error or no token, 4 config or token file unreadable,"
          + " 5 refused by the Graph host (code and message printed), 6 gave up retrying."
    })
public final class AudiencesCommand implements Runnable {
  /** The fields {@code show} and {@code list} ask for. */
  static final List<String> FIELDS =
      List.of(
          "id",
          "name",
          "description",
          "account_id",
          "subtype",
          "customer_file_source",
          "is_value_based",
          "approximate_count_lower_bound",
          "approximate_count_upper_bound",
          "operation_status",
          "delivery_status",
          "retention_days",
          "time_created",
          "time_updated",
          "time_content_updated");

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates a customer-file audience in an ad account and prints its id.",
      footerHeading = "%nExample:%n",
      footer = "  matchlist audiences create --account act_1234 --name Newsletter --json")
  int create(
      @Mixin GraphOptions options,
      @Option(names = "--account", required = true, paramLabel = "act_ID") String account,
      @Option(names = "--name", required = true, paramLabel = "NAME") String name,
      @Option(names = "--description", paramLabel = "TEXT", defaultValue = "") String description,
      @Option(
              names = "--customer-file-source",
              paramLabel = "SOURCE",
              defaultValue = "USER_PROVIDED_ONLY",
              description =
                  "USER_PROVIDED_ONLY, PARTNER_PROVIDED_ONLY or BOTH_USER_AND_PARTNER_PROVIDED."
                      + " Default: ${DEFAULT-VALUE}.")
          String customerFileSource,
      @Option(
              names = "--value-based",
              description = "A value-based audience (rows carry LOOKALIKE_VALUE).")
          boolean valueBased,
      @Option(names = "--json", description = "Print the new audience as JSON.") boolean json) {
    return GraphCall.execute(
        spec,
        options,
        client ->
            client.createAudience(
                account,
                new AudienceSpec(name, description, "CUSTOM", customerFileSource, valueBased)),
        (audience, out) -> {
          if (json) {
            JsonOutput.print(out, toJson(audience));
          } else {
            out.println("Created audience " + audience.id() + " (" + name + ") in " + account);
          }
        });
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists an ad account's custom audiences (all pages), newest first.",
      footerHeading = "%nExample:%n",
      footer = "  matchlist audiences list --account act_1234 --json | jq -r '.data[].id'")
  int list(
      @Mixin GraphOptions options,
      @Option(names = "--account", required = true, paramLabel = "act_ID") String account,
      @Option(names = "--json", description = "Print {\"data\":[...]} as JSON.") boolean json) {
    return GraphCall.execute(
        spec,
        options,
        client -> client.audiences(account, FIELDS),
        (audiences, out) -> {
          if (json) {
            ObjectNode page = JsonOutput.MAPPER.createObjectNode();
            page.putArray("data").addAll(audiences.stream().map(AudiencesCommand::toJson).toList());
            JsonOutput.print(out, page);
          } else {
            printList(audiences, out);
          }
        });
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Shows an audience: size range, statuses, times.",
      footerHeading = "%nExample:%n",
      footer = "  matchlist audiences show 2384728988619058")
  int show(
      @Mixin GraphOptions options,
      @Parameters(paramLabel = "AUDIENCE_ID") String audienceId,
      @Option(names = "--json", description = "Print the audience as JSON.") boolean json) {
    return GraphCall.execute(
        spec,
        options,
        client -> client.audience(audienceId, FIELDS),
        (audience, out) -> {
          if (json) {
            JsonOutput.print(out, toJson(audience));
          } else {
            printOne(audience, out);
          }
        });
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Deletes an audience.",
      footerHeading = "%nExample:%n",
      footer = "  matchlist audiences delete 2384728988619058")
  int delete(
      @Mixin GraphOptions options,
      @Parameters(paramLabel = "AUDIENCE_ID") String audienceId,
      @Option(names = "--json", description = "Print {\"success\":true,\"id\":...} as JSON.")
          boolean json) {
    return GraphCall.execute(
        spec,
        options,
        client -> {
          client.deleteAudience(audienceId);
          return audienceId;
        },
        (id, out) -> {
          if (json) {
            JsonOutput.print(out, Map.of("success", true, "id", id));
          } else {
            out.println("Deleted audience " + id);
          }
        });
  }

  static ObjectNode toJson(CustomAudience audience) {
    ObjectNode node = JsonOutput.MAPPER.createObjectNode();
    node.put("id", audience.id());
    if (audience.name() != null) {
      node.put("name", audience.name());
    }
    audience.fields().forEach(node::set);
    return node;
  }

  private static void printList(List<CustomAudience> audiences, PrintWriter out) {
    if (audiences.isEmpty()) {
      out.println("No audiences");
      return;
    }
    TextTable table = new TextTable("ID", "NAME", "SIZE", "OPERATION", "DELIVERY", "UPDATED");
    for (CustomAudience audience : audiences) {
      Map<String, JsonNode> fields = audience.fields();
      table.row(
          audience.id(),
          audience.name() == null ? "" : audience.name(),
          size(fields),
          status(fields.get("operation_status")),
          status(fields.get("delivery_status")),
          time(fields.get("time_content_updated")));
    }
    table.print(out);
  }

  private static void printOne(CustomAudience audience, PrintWriter out) {
    Map<String, JsonNode> fields = audience.fields();
    TextTable table = new TextTable("FIELD", "VALUE");
    table.row("id", audience.id());
    table.row("name", audience.name() == null ? "" : audience.name());
    table.row("description", text(fields.get("description")));
    table.row("account_id", text(fields.get("account_id")));
    table.row("subtype", text(fields.get("subtype")));
    table.row("customer_file_source", text(fields.get("customer_file_source")));
    table.row("is_value_based", text(fields.get("is_value_based")));
    table.row("size", size(fields));
    table.row("operation_status", status(fields.get("operation_status")));
    table.row("delivery_status", status(fields.get("delivery_status")));
    table.row("retention_days", text(fields.get("retention_days")));
    table.row("time_created", time(fields.get("time_created")));
    table.row("time_updated", time(fields.get("time_updated")));
    table.row("time_content_updated", time(fields.get("time_content_updated")));
    table.print(out);
  }

  /** The approximate size as the range Graph gives ({@code 1200-1300}), or one number. */
  private static String size(Map<String, JsonNode> fields) {
    String lower = text(fields.get("approximate_count_lower_bound"));
    String upper = text(fields.get("approximate_count_upper_bound"));
    return lower.equals(upper) || upper.isEmpty() ? lower : lower + "-" + upper;
  }

  /** {@code {code, description}} as {@code 200 Normal}. */
  private static String status(@Nullable JsonNode status) {
    if (status == null || status.isNull()) {
      return "";
    }
    return (text(status.get("code")) + " " + text(status.get("description"))).strip();
  }

  private static String time(@Nullable JsonNode epochSeconds) {
    return epochSeconds == null || epochSeconds.isNull() || epochSeconds.asLong() == 0
        ? ""
        : Instant.ofEpochSecond(epochSeconds.asLong()).toString();
  }

  private static String text(@Nullable JsonNode value) {
    return value == null || value.isNull() ? "" : value.asText();
  }
}
