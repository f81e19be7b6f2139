package dev.matchlist.cli.upload;

import dev.matchlist.client.UploadOperation;
import picocli.CommandLine.Command;

/** {@code matchlist replace}: see {@link UsersFileCommand}. */
@Command(
    name = "replace",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Replaces a custom audience's people with those of a customer CSV (POST /{id}/usersreplace), in one replace session.",
      "",
      UsersFileCommand.DESCRIPTION,
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  export MATCHLIST_BASE_URL=http://127.0.0.1:8080 MATCHLIST_TOKEN=...",
      "  matchlist replace --audience 2384728988619058 customers.csv",
      "  matchlist replace --audience 2384728988619058 crm.csv --map \"Mail Address=EMAIL\" \\",
      "      --checkpoint crm.checkpoint --json | jq .num_received",
      "",
      UsersFileCommand.EXIT_CODES
    })
public final class ReplaceCommand extends UsersFileCommand {
  @Override
  UploadOperation operation() {
    return UploadOperation.REPLACE;
  }
}
