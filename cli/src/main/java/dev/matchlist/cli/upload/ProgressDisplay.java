package dev.matchlist.cli.upload;

import dev.matchlist.client.GraphException;
import dev.matchlist.client.RetryEvent;
import dev.matchlist.client.UploadListener;
import dev.matchlist.client.UploadProgress;
import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Shows an upload's progress on stderr: a live bar with rows/s and ETA on a terminal, a plain line
 * every {@link #LINE_INTERVAL} otherwise (logs and CI output get no carriage returns), or nothing.
 *
 * <p>The uploader calls {@link #onProgress} from its own threads, hence the synchronization.
 */
final class ProgressDisplay implements UploadListener, AutoCloseable {
  static final Duration LINE_INTERVAL = Duration.ofSeconds(5);

  private enum Mode {
    BAR,
    LINES,
    NONE
  }

  private final Mode mode;
  private final String task;
  private final PrintStream err;
  private @Nullable ProgressBar bar;
  private long lastLineNanos = System.nanoTime();
  private @Nullable UploadProgress last;

  private ProgressDisplay(Mode mode, String task, PrintStream err) {
    this.mode = mode;
    this.task = task;
    this.err = err;
  }

  static ProgressDisplay bar(String task) {
    return new ProgressDisplay(Mode.BAR, task, System.err);
  }

  static ProgressDisplay lines(String task) {
    return new ProgressDisplay(Mode.LINES, task, System.err);
  }

  static ProgressDisplay none() {
    return new ProgressDisplay(Mode.NONE, "", System.err);
  }

  @Override
  public synchronized void onProgress(UploadProgress progress) {
    last = progress;
    switch (mode) {
      case BAR -> updateBar(progress);
      case LINES -> {
        long now = System.nanoTime();
        if (now - lastLineNanos >= LINE_INTERVAL.toNanos()) {
          lastLineNanos = now;
          err.println(line(progress));
          err.flush();
        }
      }
      case NONE -> {}
    }
  }

  /**
   * A retry is about to wait: say so at once (a rate-limit wait can last minutes, which would
   * otherwise look like a hang).
   */
  synchronized void onRetry(RetryEvent event) {
    if (mode == Mode.NONE) {
      return;
    }
    GraphException failure = event.failure();
    String what =
        failure.code() == GraphException.NO_GRAPH_CODE
            ? (failure.httpStatus() == 0 ? "no response" : "HTTP " + failure.httpStatus())
            : "code " + failure.code();
    String message =
        "retrying after "
            + what
            + " (attempt "
            + event.attempt()
            + "), waiting "
            + event.delay().toMillis()
            + " ms";
    if (bar != null) {
      bar.setExtraMessage(" " + message);
    } else {
      err.println("matchlist " + task + ": " + message);
      err.flush();
    }
  }

  private void updateBar(UploadProgress progress) {
    if (bar == null) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(progress.estimatedTotal().orElse(-1))
              .setUnit(" rows", 1)
              .showSpeed()
              .setUpdateIntervalMillis(250)
              .setConsumer(new ConsoleProgressBarConsumer(err))
              .build();
    }
    progress
        .estimatedTotal()
        .ifPresent(total -> bar.maxHint(Math.max(total, progress.rowsAcknowledged())));
    bar.stepTo(progress.rowsAcknowledged());
    if (progress.retries() > 0) {
      bar.setExtraMessage(" " + retries(progress.retries()));
    }
  }

  private static String retries(long count) {
    return count == 1 ? "1 retry" : count + " retries";
  }

  /** One plain progress line: acknowledged rows (of the estimate), rate, ETA, retries. */
  String line(UploadProgress progress) {
    StringBuilder line = new StringBuilder("matchlist ").append(task).append(": ");
    line.append(progress.rowsAcknowledged()).append(" rows acknowledged");
    progress.estimatedTotal().ifPresent(total -> line.append(" of about ").append(total));
    line.append(", ").append(Math.round(progress.rowsPerSecond())).append(" rows/s");
    if (progress.estimatedTotal().isPresent() && progress.rowsPerSecond() > 0) {
      long left = Math.max(0, progress.estimatedTotal().getAsLong() - progress.rowsAcknowledged());
      line.append(", ETA ").append(Math.round(left / progress.rowsPerSecond())).append(" s");
    }
    if (progress.rowsInvalid() > 0) {
      line.append(", ").append(progress.rowsInvalid()).append(" invalid");
    }
    if (progress.retries() > 0) {
      line.append(", ").append(retries(progress.retries()));
    }
    return line.toString();
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      if (last != null) {
        bar.stepTo(last.rowsAcknowledged());
      }
      bar.close();
      bar = null;
    }
  }
}
