package dev.matchlist.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.matchlist.cli.TextTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code matchlist admin tokens create|list|revoke}. */
@Command(
    name = "tokens",
    mixinStandardHelpOptions = true,
    description = "Access tokens for the Graph API, each granted on some ad accounts.")
final class TokensCommand {
  @Spec CommandSpec spec;

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Issues a token and prints it once: the server keeps only its hash and cannot show it"
              + " again.")
  int create(
      @Mixin AdminConnection connection,
      @Option(names = "--app", required = true, paramLabel = "APP_ID", description = "Its app.")
          String appId,
      @Option(
              names = "--account",
              required = true,
              split = ",",
              paramLabel = "AD_ACCOUNT_ID",
              description = "An ad account it may use (repeat, or comma-separate; act_ optional).")
          List<String> accounts,
      @Option(names = "--label", defaultValue = "", description = "A note: who or what uses it.")
          String label) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("label", label);
    body.put("app_id", appId);
    body.put("ad_account_ids", accounts);
    return AdminCommand.execute(
        spec,
        connection,
        client -> client.post("/tokens", body),
        (token, out) -> {
          new TextTable("ID", "LABEL", "APP_ID", "AD_ACCOUNTS", "TOKEN")
              .row(
                  AdminCommand.text(token, "id"),
                  AdminCommand.text(token, "label"),
                  AdminCommand.text(token, "app_id"),
                  accounts(token),
                  AdminCommand.text(token, "token"))
              .print(out);
          out.println("The token is shown only this once; store it now.");
        });
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the tokens' grants (never the tokens themselves).")
  int list(@Mixin AdminConnection connection) {
    return AdminCommand.execute(
        spec,
        connection,
        client -> client.get("/tokens"),
        (answer, out) -> {
          TextTable table =
              new TextTable("ID", "LABEL", "APP_ID", "AD_ACCOUNTS", "CREATED", "REVOKED");
          for (JsonNode token : answer.path("data")) {
            table.row(
                AdminCommand.text(token, "id"),
                AdminCommand.text(token, "label"),
                AdminCommand.text(token, "app_id"),
                accounts(token),
                AdminCommand.time(token.get("created_time")),
                AdminCommand.text(token, "revoked"));
          }
          table.print(out);
        });
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revokes a token: its calls get error 190 from now on.")
  int revoke(
      @Mixin AdminConnection connection,
      @Parameters(paramLabel = "TOKEN_ID", description = "The id `tokens list` shows.") String id) {
    return AdminCommand.execute(
        spec,
        connection,
        client -> client.delete("/tokens/" + id),
        (answer, out) -> out.println("Revoked token " + id));
  }

  private static String accounts(JsonNode token) {
    List<String> ids = new ArrayList<>();
    token.path("ad_account_ids").forEach(id -> ids.add("act_" + id.asText()));
    return String.join(",", ids);
  }
}
