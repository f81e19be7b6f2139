package dev.matchlist.server.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphPathTest {

  @Test
  void aVersionPrefixIsSplitOff() {
    GraphPath path = GraphPath.parse("/v24.0/123/users", "v21.0");

    assertThat(path.version()).isEqualTo("v24.0");
    assertThat(path.versionInPath()).isTrue();
    assertThat(path.segments()).containsExactly("123", "users");
  }

  @Test
  void anUnversionedPathGetsTheDefault() {
    GraphPath path = GraphPath.parse("/123/users", "v21.0");

    assertThat(path.version()).isEqualTo("v21.0");
    assertThat(path.versionInPath()).isFalse();
    assertThat(path.node()).hasValue("123");
    assertThat(path.edge()).hasValue("users");
  }

  @Test
  void trailingAndDoubledSlashesChangeNothing() {
    assertThat(GraphPath.parse("/v21.0/123/", "v21.0").segments()).containsExactly("123");
    assertThat(GraphPath.parse("//v21.0//123//users//", "v21.0").segments())
        .containsExactly("123", "users");
  }

  @Test
  void somethingThatOnlyLooksLikeAVersionIsANode() {
    GraphPath path = GraphPath.parse("/v21/123", "v21.0");

    assertThat(path.versionInPath()).isFalse();
    assertThat(path.segments()).containsExactly("v21", "123");
  }

  @Test
  void adAccountNodesGiveTheirDigits() {
    assertThat(GraphPath.parse("/v21.0/act_987/customaudiences", "v21.0").adAccountId())
        .hasValue("987");
    assertThat(GraphPath.parse("/v21.0/act_x9/customaudiences", "v21.0").adAccountId()).isEmpty();
    assertThat(GraphPath.parse("/v21.0/987/users", "v21.0").adAccountId()).isEmpty();
  }

  @Test
  void componentsArePrintedAsMetaPrintsThem() {
    GraphPath path = new GraphPath("v21.0", true, List.of("1", "users", "x"));

    assertThat(path.componentsFrom(1)).isEqualTo("/users/x");
    assertThat(path.componentsFrom(3)).isEqualTo("/");
  }
}
