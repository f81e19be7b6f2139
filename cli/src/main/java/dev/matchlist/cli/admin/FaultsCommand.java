package dev.matchlist.cli.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code matchlist admin faults set|clear|show}: an ad account's fault plan (emulator), e.g. {@code
 * {"rules":[{"next_calls":3,"error":{"code":80003,"error_subcode":2446079}}]}}. Plans live in the
 * server's memory: a restart clears them.
 */
@Command(
    name = "faults",
    mixinStandardHelpOptions = true,
    description = "Injected faults of an ad account: errors, HTML pages, latency (emulator).")
final class FaultsCommand {
  @Spec CommandSpec spec;

  /** Exactly one source of the plan's JSON. */
  static final class PlanSource {
    @Option(names = "--plan", paramLabel = "JSON", description = "The plan as JSON text.")
    @Nullable String json;

    @Option(names = "--file", paramLabel = "FILE", description = "A file holding the plan's JSON.")
    @Nullable Path file;
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = "Replaces the ad account's fault plan (counters start over).")
  int set(
      @Mixin AdminConnection connection,
      @Option(names = "--account", required = true, paramLabel = "AD_ACCOUNT_ID") String account,
      @ArgGroup(exclusive = true, multiplicity = "1") PlanSource source) {
    return AdminCommand.execute(
        spec,
        connection,
        client -> client.post(path(account), plan(source)),
        FaultsCommand::printPlan);
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Prints the ad account's fault plan.")
  int show(
      @Mixin AdminConnection connection,
      @Option(names = "--account", required = true, paramLabel = "AD_ACCOUNT_ID") String account) {
    return AdminCommand.execute(
        spec, connection, client -> client.get(path(account)), FaultsCommand::printPlan);
  }

  @Command(
      name = "clear",
      mixinStandardHelpOptions = true,
      description = "Removes the ad account's fault plan.")
  int clear(
      @Mixin AdminConnection connection,
      @Option(names = "--account", required = true, paramLabel = "AD_ACCOUNT_ID") String account) {
    return AdminCommand.execute(
        spec,
        connection,
        client -> client.delete(path(account)),
        (answer, out) -> out.println("Cleared the fault plan of " + actId(account)));
  }

  private static String path(String account) {
    return "/ad_accounts/" + actId(account) + "/faults";
  }

  private static String actId(String account) {
    return account.startsWith("act_") ? account : "act_" + account;
  }

  private static JsonNode plan(PlanSource source) {
    String text;
    if (source.file != null) {
      try {
        text = Files.readString(source.file);
      } catch (IOException e) {
        throw new AdminFailure(
            AdminFailure.IO, "cannot read the plan file " + source.file + ": " + e.getMessage());
      }
    } else {
      text = source.json;
    }
    try {
      JsonNode plan = AdminClient.JSON.readTree(text);
      if (plan == null || !plan.isObject()) {
        throw new AdminFailure(AdminFailure.USAGE, "the fault plan must be a JSON object");
      }
      return plan;
    } catch (JsonProcessingException e) {
      throw new AdminFailure(
          AdminFailure.USAGE, "the fault plan is not JSON: " + e.getOriginalMessage());
    }
  }

  private static void printPlan(JsonNode answer, PrintWriter out) {
    JsonNode plan = answer.get("plan");
    String account = "act_" + AdminCommand.text(answer, "account_id");
    if (plan == null || plan.isNull()) {
      out.println("No fault plan for " + account);
      return;
    }
    try {
      out.println("Fault plan of " + account + ":");
      out.println(AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(plan));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree always prints", e);
    }
  }
}
