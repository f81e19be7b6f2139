package dev.matchlist.cli.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.client.UploadProgress;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The plain progress line shown when stderr is no terminal. */
class ProgressDisplayTest {
  private final ProgressDisplay display = ProgressDisplay.lines("upload");

  @Test
  void lineWithAnEstimateShowsTheRemainingTimeAtTheCurrentRate() {
    UploadProgress progress =
        new UploadProgress(300_000, 250_000, 200_000, 5, 2, 100_000.0, OptionalLong.of(1_000_000));

    assertThat(display.line(progress))
        .isEqualTo(
            "matchlist upload: 200000 rows acknowledged of about 1000000, 100000 rows/s,"
                + " ETA 8 s, 5 invalid, 2 retries");
  }

  @Test
  void lineWithoutAnEstimateHasNoEta() {
    UploadProgress progress = new UploadProgress(10, 10, 10, 0, 0, 5.0, OptionalLong.empty());

    assertThat(display.line(progress))
        .isEqualTo("matchlist upload: 10 rows acknowledged, 5 rows/s");
  }
}
