package dev.matchlist.cli;

import dev.matchlist.cli.admin.AdminCommand;
import dev.matchlist.cli.aot.AotTrainingCommand;
import dev.matchlist.cli.audiences.AudiencesCommand;
import dev.matchlist.cli.bench.BenchCommand;
import dev.matchlist.cli.demo.DemoCommand;
import dev.matchlist.cli.hash.HashCommand;
import dev.matchlist.cli.identities.IdentitiesCommand;
import dev.matchlist.cli.serve.ServeCommand;
import dev.matchlist.cli.sessions.SessionsCommand;
import dev.matchlist.cli.upload.RemoveCommand;
import dev.matchlist.cli.upload.ReplaceCommand;
import dev.matchlist.cli.upload.UploadCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one {@code matchlist} executable. */
@Command(
    name = "matchlist",
    mixinStandardHelpOptions = true,
    version = "matchlist 0.1.0",
    description = "A self-hosted custom-audiences service and its uploader.",
    subcommands = {
      DemoCommand.class,
      ServeCommand.class,
      AdminCommand.class,
      IdentitiesCommand.class,
      HashCommand.class,
      UploadCommand.class,
      RemoveCommand.class,
      ReplaceCommand.class,
      AudiencesCommand.class,
      SessionsCommand.class,
      BenchCommand.class,
      AotTrainingCommand.class
    })
public final class Matchlist implements Runnable {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Matchlist()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
