package dev.matchlist.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.matchlist.cli.TextTable;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code matchlist admin accounts create|list}. */
@Command(
    name = "accounts",
    mixinStandardHelpOptions = true,
    description = "Ad accounts: the tenants; every audience belongs to one.")
final class AccountsCommand {
  @Spec CommandSpec spec;

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates an ad account owned by an app.")
  int create(
      @Mixin AdminConnection connection,
      @Option(names = "--name", required = true, description = "The ad account's name.")
          String name,
      @Option(
              names = "--app",
              required = true,
              paramLabel = "APP_ID",
              description = "The app whose secret signs this account's tokens.")
          String appId) {
    return AdminCommand.execute(
        spec,
        connection,
        client -> client.post("/ad_accounts", Map.of("name", name, "app_id", appId)),
        (account, out) -> table().row(cells(account)).print(out));
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the ad accounts.")
  int list(@Mixin AdminConnection connection) {
    return AdminCommand.execute(
        spec, connection, client -> client.get("/ad_accounts"), AccountsCommand::printList);
  }

  private static void printList(JsonNode answer, PrintWriter out) {
    TextTable table = table();
    for (JsonNode account : answer.path("data")) {
      table.row(cells(account));
    }
    table.print(out);
  }

  private static TextTable table() {
    return new TextTable("ID", "NAME", "APP_ID", "CREATED");
  }

  private static String[] cells(JsonNode account) {
    return new String[] {
      AdminCommand.text(account, "id"),
      AdminCommand.text(account, "name"),
      AdminCommand.text(account, "app_id"),
      AdminCommand.time(account.get("created_time"))
    };
  }
}
