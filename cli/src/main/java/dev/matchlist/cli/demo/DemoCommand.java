package dev.matchlist.cli.demo;

import dev.matchlist.cli.ExitCodes;
import dev.matchlist.cli.TemporaryDirectories;
import dev.matchlist.server.MatchlistServer;
import dev.matchlist.server.matching.MatchingSource;
import dev.matchlist.server.matching.SyntheticPopulation;
import dev.matchlist.server.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code matchlist demo}: a server over a synthetic population, with an app, an ad account, a token
 * and an audience already made, and commands to paste. Runs until SIGTERM or Ctrl-C, then stops the
 * server and deletes everything it created in temporary directories (a {@code --data} directory is
 * kept). With {@code --json} it prints only {@link DemoCredentials} as one line, for scripts.
 *
 * <p>The demo's files (the raw customer CSV and its hashed copy) live in a temporary directory of
 * their own, never in the data directory: the server's data holds no raw personal data, not even
 * made-up data.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a server over a synthetic population (person i is user{i}@example.com) with an"
          + " app, an ad account, a token and the audience \"Demo audience\", then prints"
          + " ready-to-paste curl and matchlist commands. Runs until Ctrl-C or SIGTERM."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  bin/matchlist demo",
      "  bin/matchlist demo --port 0 --json --people 10000",
      "",
      "Exit codes: 0 stopped by SIGTERM or Ctrl-C, 2 wrong options, 4 the data directory or"
          + " the port cannot be used."
    })
public final class DemoCommand implements Callable<Integer> {

  /** Fewer people could not hold the customer file's members. */
  static final int MIN_PEOPLE = DemoCustomers.MEMBERS;

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "TCP port on 127.0.0.1; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Keep the server's data here; without it a temporary directory is used.")
  @Nullable Path data;

  @Option(
      names = "--people",
      paramLabel = "N",
      defaultValue = "1000000",
      description = "Size of the synthetic population. Default: ${DEFAULT-VALUE}.")
  int people;

  @Option(
      names = "--json",
      description = "Print only one JSON line with the URL, ids and tokens, for scripts.")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    validate();
    Path workspace;
    try {
      workspace = Files.createTempDirectory("matchlist-demo-");
    } catch (IOException e) {
      return fail("cannot create a temporary directory", e);
    }
    Path dataDirectory = data != null ? data : workspace.resolve("data");
    MatchlistServer server;
    long started = System.nanoTime();
    try {
      server =
          MatchlistServer.start(
              MatchlistServer.Settings.builder(dataDirectory)
                  .port(port)
                  .matching(MatchingSource.population(people))
                  .build());
    } catch (StoreException e) {
      TemporaryDirectories.deleteRecursively(workspace);
      return fail("cannot open the data directory " + dataDirectory, e);
    } catch (RuntimeException e) {
      TemporaryDirectories.deleteRecursively(workspace);
      return fail("cannot start the server", e);
    }
    double startSeconds = (System.nanoTime() - started) / 1e9;
    log().info("Demo server with {} people started in {} s", people, startSeconds);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(server, workspace), "matchlist-demo-shutdown"));

    DemoCredentials demo =
        DemoCredentials.create(
            server.parts().catalog(), server.baseUrl(), server.adminToken().value());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(demo.toJsonLine());
    } else {
      Path customers = workspace.resolve("demo-customers.csv");
      try {
        DemoCustomers.write(customers, people);
      } catch (IOException e) {
        return fail("cannot write " + customers, e);
      }
      out.print(
          DemoInstructions.text(
              demo,
              people,
              startSeconds,
              dataDirectory,
              data == null,
              customers,
              workspace.resolve("demo-hashed.csv")));
    }
    out.flush();
    new CountDownLatch(1).await();
    return ExitCodes.OK;
  }

  private void validate() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0..65535, was " + port);
    }
    if (people < MIN_PEOPLE || people > SyntheticPopulation.MAX_SIZE) {
      throw new ParameterException(
          spec.commandLine(),
          "--people must be "
              + MIN_PEOPLE
              + ".."
              + SyntheticPopulation.MAX_SIZE
              + ", was "
              + people);
    }
  }

  /**
   * Runs in the shutdown hook: stop the server, delete the temporary directory, then end the JVM
   * with 0, since a signal-initiated exit would otherwise report 143 for a clean stop.
   */
  private static void stop(MatchlistServer server, Path workspace) {
    int status = 0;
    try {
      server.close();
      TemporaryDirectories.deleteRecursively(workspace);
    } catch (RuntimeException e) {
      log().error("Unclean stop", e);
      status = 1;
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(status);
  }

  private int fail(String what, Exception e) {
    log().debug(what, e);
    PrintWriter err = spec.commandLine().getErr();
    err.println("matchlist demo: " + what + ": " + e.getMessage());
    err.flush();
    return ExitCodes.IO;
  }

  /**
   * Looked up when used, not in a static field: picocli creates every command for every run, and
   * setting Logback up costs one-shot commands like {@code upload} a visible share of their start.
   */
  private static Logger log() {
    return LoggerFactory.getLogger(DemoCommand.class);
  }
}
