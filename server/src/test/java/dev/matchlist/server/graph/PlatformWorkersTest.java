package dev.matchlist.server.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PlatformWorkersTest {

  private static GraphRequest request() {
    return GraphRequest.builder(GraphMethod.POST, GraphPath.parse("/v21.0/1/users", "v21.0"))
        .build();
  }

  @Test
  void aHandlerRunsOnAPlatformWorkerAndItsAnswerComesBack() {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    try (PlatformWorkers workers = PlatformWorkers.start("upload", 2)) {
      GraphResponse answer =
          workers
              .run(
                  request -> {
                    ranOn.set(Thread.currentThread());
                    request.addResponseHeader("x-seen", "yes");
                    return GraphResponse.ok(Map.of("success", true));
                  })
              .handle(request());

      assertThat(new String(answer.body())).isEqualTo("{\"success\":true}");
    }
    assertThat(ranOn.get().isVirtual()).isFalse();
    assertThat(ranOn.get().getName()).startsWith("upload-");
    assertThat(ranOn.get().getPriority()).isEqualTo(Thread.MIN_PRIORITY);
    assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
  }

  @Test
  void aGraphErrorThrownOnAWorkerReachesTheCallerUnchanged() {
    GraphException thrown = GraphError.missingParameter("payload").exception();
    try (PlatformWorkers workers = PlatformWorkers.start("upload", 1)) {
      GraphHandler handler =
          workers.run(
              request -> {
                throw thrown;
              });

      assertThatThrownBy(() -> handler.handle(request())).isSameAs(thrown);
    }
  }

  @Test
  void headersAddedOnTheWorkerAreSeenByTheRequestThread() {
    GraphRequest request = request();
    try (PlatformWorkers workers = PlatformWorkers.start("upload", 1)) {
      workers
          .run(
              r -> {
                r.addResponseHeader("x-business-use-case-usage", "{}");
                return GraphResponse.ok(Map.of());
              })
          .handle(request);
    }
    assertThat(request.responseHeaders()).containsEntry("x-business-use-case-usage", "{}");
  }
}
