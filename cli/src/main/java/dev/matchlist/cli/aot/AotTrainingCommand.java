package dev.matchlist.cli.aot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.matchlist.cli.ExitCodes;
import dev.matchlist.cli.Matchlist;
import dev.matchlist.cli.TemporaryDirectories;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code matchlist aot-training} (hidden): the workload {@code bin/matchlist} runs once per build
 * under {@code -XX:AOTCacheOutput}, so that one-shot commands start from an AOT cache holding the
 * classes they load and the method profiles of a warm upload (JDK 25, JEP 483/514/515). It uploads
 * a synthetic email-only file and a five-key file through the real {@code upload} command to a
 * {@code matchlist demo} server on loopback. The server runs in a JVM of its own: in this one its
 * classes would go into the cache, and every one-shot command would load them at start. Prints
 * nothing; exit code 1 when the uploads did not complete.
 */
@Command(name = "aot-training", hidden = true)
public final class AotTrainingCommand implements Callable<Integer> {
  /** Rows per file: enough for the encode and send paths to be profiled as in a long upload. */
  static final int ROWS = 200_000;

  private static final int PEOPLE = 10_000;
  private static final String[] FIRST_NAMES = {"Mary", " JOHN ", "Ana", "Jürgen", "Chloé"};
  private static final String[] LAST_NAMES = {"Smith", "García", "O'Brien", "MÜLLER", "Lee"};

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path workspace = Files.createTempDirectory("matchlist-aot-training-");
    Process demo = startDemo();
    try {
      JsonNode server = new ObjectMapper().readTree(firstLine(demo));
      Path email = workspace.resolve("email.csv");
      Path five = workspace.resolve("five.csv");
      writeFiles(email, five);
      boolean complete = upload(server, email) && upload(server, five);
      return complete ? ExitCodes.OK : 1;
    } finally {
      demo.destroy(); // SIGTERM: the demo deletes its temporary data
      if (!demo.waitFor(30, TimeUnit.SECONDS)) {
        demo.destroyForcibly();
      }
      TemporaryDirectories.deleteRecursively(workspace);
    }
  }

  /** {@code matchlist demo --json} in a child JVM, with this JVM's java and class path. */
  private static Process startDemo() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            Matchlist.class.getName(),
            "demo",
            "--port",
            "0",
            "--json",
            "--people",
            Integer.toString(PEOPLE));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static String firstLine(Process demo) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null) {
      throw new IOException("matchlist demo ended without printing its URL");
    }
    return line;
  }

  /** Runs {@code matchlist upload FILE --json} as a user would, its output thrown away. */
  private static boolean upload(JsonNode server, Path file) {
    String[] args = {
      "upload",
      "--base-url",
      server.path("base_url").asText(),
      "--token",
      server.path("access_token").asText(),
      "--audience",
      server.path("audience_id").asText(),
      "--no-progress",
      "--json",
      file.toString()
    };
    CommandLine cli = Matchlist.commandLine(args);
    cli.setOut(new PrintWriter(Writer.nullWriter()));
    cli.setErr(new PrintWriter(Writer.nullWriter()));
    int exit = cli.execute(args);
    return exit == ExitCodes.OK;
  }

  /** Values in the shapes customer files have: mixed case, spaces, accents, formatted phones. */
  private static void writeFiles(Path email, Path five) throws IOException {
    try (CsvWriter emails = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(email);
        CsvWriter fives = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(five)) {
      emails.writeRecord("email");
      fives.writeRecord("email", "phone", "first_name", "last_name", "zip");
      for (int i = 0; i < ROWS; i++) {
        String address = "user" + (i % PEOPLE) + "@example.com"; // the demo's person i
        String mail = i % 7 == 0 ? " " + address.toUpperCase(Locale.ROOT) : address;
        emails.writeRecord(mail);
        fives.writeRecord(
            mail,
            "+1 (555) " + (100 + i % 900) + "-" + (1000 + i % 9000),
            FIRST_NAMES[i % FIRST_NAMES.length],
            LAST_NAMES[(i / 5) % LAST_NAMES.length],
            Integer.toString(10_000 + i % 90_000));
      }
    }
  }
}
