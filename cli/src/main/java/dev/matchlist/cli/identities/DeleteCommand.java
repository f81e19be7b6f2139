package dev.matchlist.cli.identities;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.matchlist.cli.admin.AdminClient;
import dev.matchlist.cli.admin.AdminConnection;
import dev.matchlist.cli.admin.AdminFailure;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;

/** {@code matchlist identities delete USER_ID}: the user, and the person from every audience. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description =
        "Deletes a user from the identity base and removes the person from every audience."
            + " Deleting an unknown user id is not an error.")
final class DeleteCommand implements Callable<Integer> {
  @CommandLine.Spec CommandSpec spec;
  @Mixin AdminConnection connection;

  @Parameters(paramLabel = "USER_ID", description = "The operator's id of the user.")
  String userId;

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      // Path segments: a space is %20 there, not the form encoding's '+'.
      String segment = URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20");
      JsonNode answer = connection.client().delete("/identities/" + segment);
      if (connection.json()) {
        out.println(AdminClient.JSON.writeValueAsString(answer));
      } else if (answer.path("deleted").asBoolean()) {
        out.println("Deleted user " + userId + " and removed them from every audience.");
      } else {
        out.println("No user " + userId + " in the identity base; nothing deleted.");
      }
      out.flush();
      return 0;
    } catch (AdminFailure e) {
      err.println("matchlist identities delete: " + e.getMessage());
      err.flush();
      return e.exitCode();
    }
  }
}
