package dev.matchlist.cli.demo;

import dev.matchlist.core.Sha256;
import dev.matchlist.server.matching.SyntheticPopulation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The human-readable text {@code matchlist demo} prints: who is who, then shell commands that work
 * when pasted as printed. Each command is indented by two spaces and continues with a trailing
 * backslash, so a whole block can be handed to {@code bash -c}.
 */
final class DemoInstructions {
  /** The Graph API version the printed paths use. */
  static final String VERSION = "v21.0";

  /** The population's people 1..5 and one address that belongs to nobody. */
  static final List<String> QUICK_EMAILS =
      List.of(
          SyntheticPopulation.email(1),
          SyntheticPopulation.email(2),
          SyntheticPopulation.email(3),
          SyntheticPopulation.email(4),
          SyntheticPopulation.email(5),
          "nobody@example.net");

  private DemoInstructions() {}

  /**
   * @param customers the raw customer file the demo wrote
   * @param hashed where the printed {@code matchlist hash} line writes its output
   */
  static String text(
      DemoCredentials demo,
      int people,
      double startSeconds,
      Path data,
      boolean dataIsTemporary,
      Path customers,
      Path hashed) {
    String users = demo.baseUrl() + "/" + VERSION + "/" + demo.audienceId() + "/users";
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "Matchlist demo: %,d synthetic people (person i is user{i}@example.com),"
                + " ready in %.1f s",
            people, startSeconds));
    lines.add("  base URL      " + demo.baseUrl());
    lines.add("  app           " + demo.appId() + " (secret " + demo.appSecret() + ")");
    lines.add("  ad account    " + demo.adAccountId());
    lines.add("  access token  " + demo.accessToken());
    lines.add(
        "  audience      " + demo.audienceId() + " \"" + DemoCredentials.AUDIENCE_NAME + "\"");
    lines.add("  admin token   " + demo.adminToken());
    lines.add(
        "  data          " + data + (dataIsTemporary ? " (deleted on exit)" : " (kept on exit)"));
    lines.add("");
    lines.add("Add people user1..user5@example.com and one stranger to the audience:");
    lines.add("");
    lines.add("  curl -s -X POST " + users + " \\");
    lines.add("    --data-urlencode '" + quickPayload() + "' \\");
    lines.add("    --data-urlencode 'access_token=" + demo.accessToken() + "'");
    lines.add("");
    lines.add("Read the audience (the matcher counts within a second):");
    lines.add("");
    lines.add(
        "  curl -s '"
            + demo.baseUrl()
            + "/"
            + VERSION
            + "/"
            + demo.audienceId()
            + "?fields=approximate_count_lower_bound,operation_status&access_token="
            + demo.accessToken()
            + "'");
    lines.add("");
    lines.add(
        String.format(
            "Or hash a customer file and upload it: %s holds %,d raw emails"
                + " (%,d people of the population, %,d strangers):",
            customers,
            DemoCustomers.MEMBERS + DemoCustomers.STRANGERS,
            DemoCustomers.MEMBERS,
            DemoCustomers.STRANGERS));
    lines.add("");
    lines.add("  bin/matchlist hash " + customers + " --out " + hashed);
    lines.add("  curl -s -X POST " + users + " \\");
    // The hashed CSV's first line is its header (EMAIL); each further line is one hash.
    lines.add(
        "    --data-urlencode \"payload={\\\"schema\\\":\\\"EMAIL_SHA256\\\",\\\"data\\\":[$(tail"
            + " -n +2 "
            + hashed
            + " | sed 's/.*/\"&\"/' | paste -sd, -)]}\" \\");
    lines.add("    --data-urlencode 'access_token=" + demo.accessToken() + "'");
    lines.add("");
    lines.add(
        "Or let the CLI do all of it (normalize, hash, batch, session, retry, report) and show"
            + " the audience:");
    lines.add("");
    String connection =
        "MATCHLIST_BASE_URL=" + demo.baseUrl() + " MATCHLIST_TOKEN=" + demo.accessToken();
    lines.add(
        "  "
            + connection
            + " bin/matchlist upload --audience "
            + demo.audienceId()
            + " "
            + customers);
    lines.add("  " + connection + " bin/matchlist audiences show " + demo.audienceId());
    lines.add("");
    lines.add("Serving until Ctrl-C.");
    return lines.stream().map(line -> line + System.lineSeparator()).collect(Collectors.joining());
  }

  /** The quick upload's payload: SHA-256 of each normalized email, as the wire wants. */
  static String quickPayload() {
    return "payload={\"schema\":\"EMAIL_SHA256\",\"data\":["
        + QUICK_EMAILS.stream()
            .map(e -> "\"" + Sha256.hex(e) + "\"")
            .collect(Collectors.joining(","))
        + "]}";
  }
}
