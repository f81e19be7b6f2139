package dev.matchlist.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code matchlist} as a real separate JVM (main class {@link Matchlist}, this test run's
 * class path), so that exit codes, stdout, stderr and stdin are the ones a user would see.
 */
public final class CliProcess {
  /** What one run left behind. */
  public record Result(int exitCode, String stdout, String stderr) {}

  private CliProcess() {}

  /** The repository root: surefire runs in the cli module's directory. */
  public static Path repositoryRoot() {
    return Path.of("").toAbsolutePath().getParent();
  }

  public static Result run(String... args) {
    return runWithStdin(new byte[0], args);
  }

  public static Result runWithStdin(byte[] stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Matchlist.class.getName());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).start();
      CompletableFuture<byte[]> out = readAll(process.getInputStream());
      CompletableFuture<byte[]> err = readAll(process.getErrorStream());
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin);
      }
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("matchlist did not finish: " + command);
      }
      return new Result(
          process.exitValue(),
          new String(out.join(), StandardCharsets.UTF_8),
          new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static CompletableFuture<byte[]> readAll(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream;
              ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            stream.transferTo(bytes);
            return bytes.toByteArray();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
