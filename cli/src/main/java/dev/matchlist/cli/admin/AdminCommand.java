package dev.matchlist.cli.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code matchlist admin}: the operator's commands against a running server's admin API. Tables for
 * people by default, the server's JSON with {@code --json} for scripts; errors on stderr.
 */
@Command(
    name = "admin",
    mixinStandardHelpOptions = true,
    description = "Manages a running server: apps, ad accounts, access tokens, fault plans.",
    subcommands = {
      AppsCommand.class,
      AccountsCommand.class,
      TokensCommand.class,
      FaultsCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "2:wrong options, or no admin token given",
      "4:the server cannot be reached (or its TLS certificate is not trusted), or a file read",
      "5:the server refused (an error answer, e.g. a wrong admin token or an unknown id)"
    })
public final class AdminCommand implements Runnable {
  @CommandLine.Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Runs one admin call and prints its answer: the JSON as the server sent it with {@code --json},
   * else what {@code human} makes of it. Returns the exit code.
   */
  static int execute(
      CommandSpec spec,
      AdminConnection connection,
      Function<AdminClient, JsonNode> call,
      BiConsumer<JsonNode, PrintWriter> human) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      JsonNode answer = call.apply(connection.client());
      if (connection.json) {
        out.println(AdminClient.JSON.writeValueAsString(answer));
      } else {
        human.accept(answer, out);
      }
      out.flush();
      return 0;
    } catch (AdminFailure e) {
      err.println("matchlist admin: " + e.getMessage());
      err.flush();
      return e.exitCode();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree always prints", e);
    }
  }

  /** Epoch seconds as an ISO instant, for tables. */
  static String time(JsonNode epochSeconds) {
    return epochSeconds == null || epochSeconds.isNull()
        ? ""
        : Instant.ofEpochSecond(epochSeconds.asLong()).toString();
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }
}
