package dev.matchlist.server.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphRequestTest {

  static GraphRequest.Builder request(Map<String, String> params) {
    return GraphRequest.builder(GraphMethod.POST, GraphPath.parse("/v21.0/1/users", "v21.0"))
        .params(GraphParams.of(params));
  }

  @Test
  void theAccessTokenParameterWinsOverTheAuthorizationHeader() {
    GraphRequest request =
        request(Map.of("access_token", "PARAM")).header("Authorization", "Bearer HEADER").build();

    assertThat(request.accessToken()).hasValue("PARAM");
  }

  @Test
  void aBlankTokenParameterFallsBackToTheHeader() {
    GraphRequest request =
        request(Map.of("access_token", " ")).header("authorization", "bearer HEADER").build();

    assertThat(request.accessToken()).hasValue("HEADER");
  }

  @Test
  void otherAuthorizationSchemesCarryNoToken() {
    GraphRequest request = request(Map.of()).header("Authorization", "Basic dXNlcjpwYXNz").build();

    assertThat(request.accessToken()).isEmpty();
  }

  @Test
  void suppressHttpCodeAcceptsOneAndTrue() {
    assertThat(request(Map.of("suppress_http_code", "1")).build().suppressHttpCode()).isTrue();
    assertThat(request(Map.of("suppress_http_code", "TRUE")).build().suppressHttpCode()).isTrue();
    assertThat(request(Map.of("suppress_http_code", "0")).build().suppressHttpCode()).isFalse();
    assertThat(request(Map.of()).build().suppressHttpCode()).isFalse();
  }

  @Test
  void appsecretProofAndTimeAreExposed() {
    GraphRequest request =
        request(Map.of("appsecret_proof", "ab12", "appsecret_time", "1700000000")).build();

    assertThat(request.appsecretProof()).hasValue("ab12");
    assertThat(request.appsecretTime()).hasValue("1700000000");
  }

  @Test
  void askingForAPathVariableTheRouteDoesNotHaveIsAProgrammingError() {
    assertThatThrownBy(() -> request(Map.of()).build().pathParam("audience"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
