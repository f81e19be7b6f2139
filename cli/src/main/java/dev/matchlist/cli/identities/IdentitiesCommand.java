package dev.matchlist.cli.identities;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code matchlist identities}: the operator's user base on a running server. */
@Command(
    name = "identities",
    mixinStandardHelpOptions = true,
    description = "Loads and deletes the operator's users (the identity base uploads match).",
    subcommands = {LoadCommand.class, DeleteCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done (rejected cells are reported, not fatal)",
      "2:wrong options, no admin token, or a file without a user id column",
      "3:a line of the file is not a user (malformed NDJSON, no user id); nothing after it sent",
      "4:the server cannot be reached, or the file cannot be read",
      "5:the server refused (e.g. it matches a synthetic source, or a wrong admin token)"
    })
public final class IdentitiesCommand implements Runnable {
  @CommandLine.Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
