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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The one {@code matchlist} executable. Its commands are added when it runs: only the one named on
 * the command line, or all of them when none is (for the usage text and picocli's suggestions).
 * Building picocli's model of every command by reflection, and running their static initializers,
 * cost each one-shot command about as much CPU as the JVM's own start.
 */
@Command(
    name = "matchlist",
    mixinStandardHelpOptions = true,
    version = "matchlist 0.1.0",
    description = "A self-hosted custom-audiences service and its uploader.")
public final class Matchlist implements Runnable {
  /** The commands in usage order, each made only when added. */
  private static final Map<String, Supplier<Object>> COMMANDS = commands();

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine(args).execute(args));
  }

  /** The command line that runs {@code args}. */
  public static CommandLine commandLine(String... args) {
    CommandLine cli = new CommandLine(new Matchlist());
    Supplier<Object> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
    if (named != null) {
      cli.addSubcommand(args[0], named.get());
    } else {
      COMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
    }
    return cli;
  }

  private static Map<String, Supplier<Object>> commands() {
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("demo", DemoCommand::new);
    commands.put("serve", ServeCommand::new);
    commands.put("admin", AdminCommand::new);
    commands.put("identities", IdentitiesCommand::new);
    commands.put("hash", HashCommand::new);
    commands.put("upload", UploadCommand::new);
    commands.put("remove", RemoveCommand::new);
    commands.put("replace", ReplaceCommand::new);
    commands.put("audiences", AudiencesCommand::new);
    commands.put("sessions", SessionsCommand::new);
    commands.put("bench", BenchCommand::new);
    commands.put("aot-training", AotTrainingCommand::new);
    return commands;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
