package dev.matchlist.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GraphClientBuilderTest {
  @Test
  void defaultsAreMetasHostAndV21() {
    GraphClient client = GraphClient.builder().accessToken("t").build();

    assertThat(client.baseUrl()).hasToString("https://graph.facebook.com");
    assertThat(client.version()).isEqualTo("v21.0");
  }

  @Test
  void aTokenIsRequired() {
    assertThatThrownBy(() -> GraphClient.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("access token");
  }

  @Test
  void aVersionMustLookLikeOne() {
    assertThatThrownBy(() -> GraphClient.builder().accessToken("t").version("21").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("v21.0");
  }

  @Test
  void backoffDoublesUpToItsCap() {
    RetryPolicy policy =
        new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofMinutes(1));

    assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.backoff(4)).isEqualTo(Duration.ofSeconds(3));
    assertThat(policy.backoff(60)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aPolicyRejectsNonsense() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new RetryPolicy(
                    3, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUploaderNeedsAnAudience() {
    GraphClient client = GraphClient.builder().accessToken("t").build();

    assertThatThrownBy(() -> Uploader.builder(client).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Uploader.builder(client).batchRows(10_001))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
