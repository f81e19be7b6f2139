package dev.matchlist.cli.sessions;

import dev.matchlist.cli.ExitCodes;
import dev.matchlist.cli.TextTable;
import dev.matchlist.cli.graph.GraphCall;
import dev.matchlist.cli.graph.GraphCommandException;
import dev.matchlist.cli.graph.GraphOptions;
import dev.matchlist.cli.graph.JsonOutput;
import dev.matchlist.client.UploadSession;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code matchlist sessions show}: an audience's upload sessions (the {@code /sessions} edge), to
 * see whether an upload has been applied: {@code stage} goes {@code uploading}, {@code processing},
 * {@code finished} on Matchlist.
 */
@Command(
    name = "sessions",
    mixinStandardHelpOptions = true,
    description = "Shows an audience's upload sessions: stage, rows received, invalid, matched.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  matchlist sessions show --audience 2384728988619058",
      "  matchlist sessions show --audience 2384728988619058 --session 42 --json | jq .stage",
      "",
      "Exit codes: 0 done, 2 usage error or no token, 4 config or token file unreadable,"
          + " 5 refused by the Graph host (e.g. no such session or audience), 6 gave up retrying."
    })
public final class SessionsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Lists the audience's sessions, newest first, or one with --session.",
      footerHeading = "%nExample:%n",
      footer = "  matchlist sessions show --audience 2384728988619058 --session 42")
  int show(
      @Mixin GraphOptions options,
      @Option(names = "--audience", required = true, paramLabel = "AUDIENCE_ID") String audience,
      @Option(names = "--session", paramLabel = "SESSION_ID", description = "Only this session.")
          Long session,
      @Option(
              names = "--json",
              description =
                  "Print JSON: {\"data\":[...]}, or the one session's object with --session.")
          boolean json) {
    return GraphCall.execute(
        spec,
        options,
        client -> {
          if (session == null) {
            return client.sessions(audience);
          }
          return List.of(
              client
                  .session(audience, session)
                  .orElseThrow(
                      () ->
                          new GraphCommandException(
                              ExitCodes.REFUSED,
                              "audience " + audience + " has no session " + session)));
        },
        (sessions, out) -> print(sessions, session != null, json, out));
  }

  private static void print(
      List<UploadSession> sessions, boolean one, boolean json, PrintWriter out) {
    List<SessionView> views = sessions.stream().map(SessionView::of).toList();
    if (json) {
      JsonOutput.print(out, one ? views.get(0) : Map.of("data", views));
      return;
    }
    if (views.isEmpty()) {
      out.println("No upload sessions");
      return;
    }
    TextTable table =
        new TextTable(
            "SESSION", "STAGE", "RECEIVED", "INVALID", "MATCHED", "PROGRESS", "STARTED", "ENDED");
    for (SessionView view : views) {
      table.row(
          Long.toString(view.sessionId()),
          view.stage(),
          Long.toString(view.numReceived()),
          Long.toString(view.numInvalidEntries()),
          Long.toString(view.numMatched()),
          view.progress(),
          view.startTime(),
          view.endTime());
    }
    table.print(out);
  }
}
