package dev.matchlist.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.matchlist.server.store.Catalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meta's official Node.js business SDK 24.0.1, unmodified (installed by the build from
 * sdk-compat/node/package-lock.json), run by node against the assembled server: see
 * sdk-compat/node/check.js for what it does.
 */
class NodeSdkCompatibilityTest {
  @TempDir Path dir;

  @Test
  void theOfficialNodeSdkCreatesUploadsReadsPagesAndSeesGraphErrors() throws Exception {
    try (MatchlistServer server =
        MatchlistServer.start(MatchlistServer.Settings.builder(dir).port(0).build())) {
      Catalog catalog = server.parts().catalog();
      Catalog.App app = catalog.createApp("node", false);
      Catalog.AdAccount account = catalog.createAdAccount("node ads", app.id());
      String token = catalog.issueToken("node", app.id(), Set.of(account.id())).token();

      JsonNode out = runNode(server.baseUrl(), token, account.id());

      assertThat(out.get("added").get("session_id").asText()).isEqualTo("1001");
      assertThat(out.get("added").get("num_received").asInt()).isEqualTo(3);
      assertThat(out.get("second").get("num_received").asInt()).isEqualTo(4);
      assertThat(out.get("removed").get("num_received").asInt()).isEqualTo(1);
      assertThat(out.get("read").get("name").asText()).isEqualTo("node sdk audience");
      assertThat(out.get("read").get("data_source").get("sub_type").asText())
          .isEqualTo("HASHES_OR_USER_IDS");
      // limit=1: the SDK followed paging.next to the second page on its own (both audiences were
      // created within one second; the listing orders by creation second, then by id)
      assertThat(out.get("listed"))
          .extracting(JsonNode::asText)
          .containsExactlyInAnyOrder("second", "node sdk audience");
      assertThat(out.get("error").get("name").asText()).isEqualTo("FacebookRequestError");
      assertThat(out.get("error").get("code").asInt()).isEqualTo(100);
    }
  }

  private static JsonNode runNode(String baseUrl, String token, String account) throws Exception {
    Path script = Path.of(System.getProperty("matchlist.sdkcompat"), "node", "check.js");
    Process node =
        new ProcessBuilder("node", script.toString(), baseUrl, token, account)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] stdout = node.getInputStream().readAllBytes();
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
    assertThat(node.exitValue()).as("node exit status").isZero();
    return new ObjectMapper().readTree(new String(stdout, StandardCharsets.UTF_8));
  }
}
