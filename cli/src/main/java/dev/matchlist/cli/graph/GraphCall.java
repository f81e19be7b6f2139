package dev.matchlist.cli.graph;

import dev.matchlist.cli.ExitCodes;
import dev.matchlist.client.GraphClient;
import dev.matchlist.client.GraphException;
import dev.matchlist.client.RetryClass;
import java.io.PrintWriter;
import java.util.function.BiConsumer;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs one command's Graph calls and turns the outcome into output and an exit code: the result
 * printed as a table or JSON, or one line on stderr naming the Graph error's code and message.
 */
public final class GraphCall {
  private GraphCall() {}

  /**
   * Calls {@code call} with a client for {@code options}, prints its result with {@code print}, and
   * returns the exit code.
   */
  public static <T> int execute(
      CommandSpec spec,
      GraphOptions options,
      Function<GraphClient, T> call,
      BiConsumer<T, PrintWriter> print) {
    PrintWriter out = spec.commandLine().getOut();
    ConnectionSettings settings;
    try {
      settings = options.settings();
    } catch (GraphCommandException e) {
      return fail(spec, e.getMessage(), e.exitCode(), "");
    }
    try (GraphClient client = settings.client()) {
      T result = call.apply(client);
      print.accept(result, out);
      out.flush();
      return ExitCodes.OK;
    } catch (GraphCommandException e) {
      return fail(spec, e.getMessage(), e.exitCode(), settings.accessToken());
    } catch (GraphException e) {
      return fail(spec, describe(e), exitCode(e), settings.accessToken());
    }
  }

  /** The exit code for a Graph failure that ended a command. */
  public static int exitCode(GraphException e) {
    return e.kind() == RetryClass.STOP ? ExitCodes.REFUSED : ExitCodes.RETRIES_EXHAUSTED;
  }

  /** What a person reads: the code first (what scripts and searches need), then Graph's words. */
  public static String describe(GraphException e) {
    String retried = e.kind() == RetryClass.STOP ? "" : " (gave up retrying)";
    return "Graph error" + retried + ": " + e.getMessage();
  }

  /**
   * Prints {@code matchlist <command>: message} on stderr, with any appearance of the token masked
   * (a server may echo a request URL), and returns {@code exitCode}.
   */
  public static int fail(CommandSpec spec, String message, int exitCode, String token) {
    PrintWriter err = spec.commandLine().getErr();
    err.println(commandName(spec) + ": " + redact(message, token));
    err.flush();
    return exitCode;
  }

  /** {@code message} with {@code secret} replaced by asterisks (nothing to do for ""). */
  public static String redact(String message, String secret) {
    return secret.isEmpty() ? message : message.replace(secret, "***");
  }

  private static String commandName(CommandSpec spec) {
    return spec.qualifiedName(" ");
  }
}
