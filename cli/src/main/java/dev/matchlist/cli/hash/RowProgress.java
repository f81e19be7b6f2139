package dev.matchlist.cli.hash;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A rows-per-second progress bar on stderr, or nothing. Steps the bar once per {@value #BATCH}
 * rows: the bar's atomic counter per row would cost more than the display is worth.
 */
final class RowProgress implements AutoCloseable {
  private static final int BATCH = 4096;

  private final @Nullable ProgressBar bar;
  private int pending;

  private RowProgress(@Nullable ProgressBar bar) {
    this.bar = bar;
  }

  static RowProgress none() {
    return new RowProgress(null);
  }

  static RowProgress onStderr(String task) {
    return new RowProgress(
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(-1)
            .setUnit(" rows", 1)
            .showSpeed()
            .setUpdateIntervalMillis(250)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .build());
  }

  void rowDone() {
    if (bar != null && ++pending == BATCH) {
      bar.stepBy(pending);
      pending = 0;
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.stepBy(pending);
      bar.close();
    }
  }
}
