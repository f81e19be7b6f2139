package dev.matchlist.cli.upload;

import dev.matchlist.client.UploadOperation;
import picocli.CommandLine.Command;

/** {@code matchlist remove}: see {@link UsersFileCommand}. */
@Command(
    name = "remove",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Removes the people of a customer CSV from a custom audience (DELETE /{id}/users, rows in the body).",
      "",
      UsersFileCommand.DESCRIPTION,
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  export MATCHLIST_BASE_URL=http://127.0.0.1:8080 MATCHLIST_TOKEN=...",
      "  matchlist remove --audience 2384728988619058 customers.csv",
      "  matchlist remove --audience 2384728988619058 crm.csv --map \"Mail Address=EMAIL\" \\",
      "      --checkpoint crm.checkpoint --json | jq .num_received",
      "",
      UsersFileCommand.EXIT_CODES
    })
public final class RemoveCommand extends UsersFileCommand {
  @Override
  UploadOperation operation() {
    return UploadOperation.REMOVE;
  }
}
