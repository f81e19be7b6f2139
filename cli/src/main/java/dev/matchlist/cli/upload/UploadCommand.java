package dev.matchlist.cli.upload;

import dev.matchlist.client.UploadOperation;
import picocli.CommandLine.Command;

/** {@code matchlist upload}: see {@link UsersFileCommand}. */
@Command(
    name = "upload",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Adds the people of a customer CSV to a custom audience (POST /{id}/users).",
      "",
      UsersFileCommand.DESCRIPTION,
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  export MATCHLIST_BASE_URL=http://127.0.0.1:8080 MATCHLIST_TOKEN=...",
      "  matchlist upload --audience 2384728988619058 customers.csv",
      "  matchlist upload --audience 2384728988619058 crm.csv --map \"Mail Address=EMAIL\" \\",
      "      --checkpoint crm.checkpoint --json | jq .num_received",
      "",
      UsersFileCommand.EXIT_CODES
    })
public final class UploadCommand extends UsersFileCommand {
  @Override
  UploadOperation operation() {
    return UploadOperation.ADD;
  }
}
