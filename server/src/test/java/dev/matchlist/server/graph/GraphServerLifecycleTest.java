package dev.matchlist.server.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class GraphServerLifecycleTest {

  @Test
  void portZeroPicksAFreePortAndTheBaseUrlNamesIt() {
    try (GraphServer server =
        GraphServer.start(ServerConfig.builder().port(0).build(), EchoRoutes.build())) {
      assertThat(server.port()).isPositive();
      assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
      assertThat(server.certificateFingerprint()).isEmpty();
    }
  }

  @Test
  void afterStopThePortRefusesConnectionsAndStopAgainIsHarmless() {
    GraphServer server =
        GraphServer.start(ServerConfig.builder().port(0).build(), EchoRoutes.build());
    int port = server.port();

    server.stop();
    server.stop();

    assertThat(server.isRunning()).isFalse();
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void stopOnShutdownRegistersAHookThatStopsTheServer() {
    GraphServer server =
        GraphServer.start(ServerConfig.builder().port(0).build(), EchoRoutes.build());
    Thread hook = server.stopOnShutdown();

    assertThat(Runtime.getRuntime().removeShutdownHook(hook)).isTrue();
    hook.run();
    assertThat(server.isRunning()).isFalse();
  }

  @Test
  void invalidConfigurationIsRefusedWhenBuilt() {
    assertThatThrownBy(() -> ServerConfig.builder().port(70000).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServerConfig.builder().defaultVersion("21.0").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServerConfig.builder().maxBodyBytes(0).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theKeystorePasswordIsNotPrinted() {
    ServerConfig.Tls tls = ServerConfig.Tls.keystore(java.nio.file.Path.of("x.p12"), "hunter2");

    assertThat(tls.toString()).doesNotContain("hunter2");
  }
}
