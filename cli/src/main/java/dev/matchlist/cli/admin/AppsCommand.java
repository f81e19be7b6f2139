package dev.matchlist.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.matchlist.cli.TextTable;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code matchlist admin apps create|list}. */
@Command(
    name = "apps",
    mixinStandardHelpOptions = true,
    description = "Apps: the holders of the secrets behind appsecret_proof.")
final class AppsCommand {
  @Spec CommandSpec spec;

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates an app and prints its id and secret (the secret only this once).")
  int create(
      @Mixin AdminConnection connection,
      @Option(names = "--name", required = true, description = "The app's name.") String name,
      @Option(
              names = "--require-proof",
              description = "Refuse this app's tokens without appsecret_proof.")
          boolean requireProof) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("require_proof", requireProof);
    return AdminCommand.execute(
        spec,
        connection,
        client -> client.post("/apps", body),
        (app, out) -> {
          new TextTable("ID", "NAME", "REQUIRE_PROOF", "SECRET")
              .row(
                  AdminCommand.text(app, "id"),
                  AdminCommand.text(app, "name"),
                  AdminCommand.text(app, "require_proof"),
                  AdminCommand.text(app, "secret"))
              .print(out);
          out.println("Keep the secret: it signs appsecret_proof and is not shown again.");
        });
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the apps.")
  int list(@Mixin AdminConnection connection) {
    return AdminCommand.execute(
        spec,
        connection,
        client -> client.get("/apps"),
        (answer, out) -> {
          TextTable table = new TextTable("ID", "NAME", "REQUIRE_PROOF", "CREATED");
          for (JsonNode app : answer.path("data")) {
            table.row(
                AdminCommand.text(app, "id"),
                AdminCommand.text(app, "name"),
                AdminCommand.text(app, "require_proof"),
                AdminCommand.time(app.get("created_time")));
          }
          table.print(out);
        });
  }
}
