package dev.matchlist.server.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphRoutesTest {

  static GraphRequest request(GraphMethod method, String path) {
    return GraphRequest.builder(method, GraphPath.parse(path, "v21.0")).build();
  }

  static GraphHandler answering(String name) {
    return request -> GraphResponse.ok(Map.of("route", name));
  }

  static String routeOf(GraphResponse response) throws Exception {
    return GraphJson.MAPPER.readTree(response.body()).path("route").asText();
  }

  static GraphError errorOf(GraphRoutes routes, GraphRequest request) {
    try {
      routes.dispatch(request);
    } catch (GraphException e) {
      return e.error();
    }
    throw new AssertionError("expected a Graph error for " + request);
  }

  @Test
  void pathVariablesAreBound() {
    GraphRoutes routes =
        GraphRoutes.builder()
            .post(
                "/{audience}/users",
                request -> GraphResponse.ok(Map.of("audience", request.pathParam("audience"))))
            .build();

    GraphResponse response = routes.dispatch(request(GraphMethod.POST, "/v21.0/555/users"));

    assertThat(new String(response.body())).isEqualTo("{\"audience\":\"555\"}");
  }

  @Test
  void literalsBeatPrefixesBeatVariablesWhateverTheRegistrationOrder() throws Exception {
    GraphRoutes routes =
        GraphRoutes.builder()
            .get("/{node}/{edge}", answering("generic"))
            .get("/act_{account}/{edge}", answering("ad account"))
            .get("/act_{account}/customaudiences", answering("customaudiences"))
            .build();

    assertThat(routeOf(routes.dispatch(request(GraphMethod.GET, "/act_1/customaudiences"))))
        .isEqualTo("customaudiences");
    assertThat(routeOf(routes.dispatch(request(GraphMethod.GET, "/act_1/adsets"))))
        .isEqualTo("ad account");
    assertThat(routeOf(routes.dispatch(request(GraphMethod.GET, "/123/users"))))
        .isEqualTo("generic");
  }

  @Test
  void aPrefixNeedsSomethingAfterIt() throws Exception {
    GraphRoutes routes =
        GraphRoutes.builder()
            .get("/act_{account}/x", answering("ad account"))
            .get("/{node}/x", answering("generic"))
            .build();

    assertThat(routeOf(routes.dispatch(request(GraphMethod.GET, "/act_/x")))).isEqualTo("generic");
  }

  @Test
  void aKnownPathWithAnotherMethodIsUnsupportedRequest() {
    GraphRoutes routes = GraphRoutes.builder().post("/{audience}/users", answering("add")).build();

    GraphError error = errorOf(routes, request(GraphMethod.GET, "/v21.0/1/users"));

    assertThat(error.code()).isEqualTo(100);
    assertThat(error.type()).isEqualTo("GraphMethodException");
    assertThat(error.message()).startsWith("Unsupported get request. Please read the Graph API");
  }

  @Test
  void anUnknownEdgeIsCode2500() {
    GraphRoutes routes = GraphRoutes.builder().post("/{audience}/users", answering("add")).build();

    GraphError error = errorOf(routes, request(GraphMethod.POST, "/v21.0/1/userz"));

    assertThat(error.code()).isEqualTo(2500);
    assertThat(error.message()).isEqualTo("Unknown path components: /userz");
  }

  @Test
  void aLoneUnknownNodeIsTheUnknownObjectError() {
    GraphRoutes routes = GraphRoutes.builder().post("/{audience}/users", answering("add")).build();

    GraphError error = errorOf(routes, request(GraphMethod.DELETE, "/v21.0/42"));

    assertThat(error.code()).isEqualTo(100);
    assertThat(error.errorSubcode()).isEqualTo(33);
    assertThat(error.message()).startsWith("Unsupported delete request. Object with ID '42'");
  }

  @Test
  void interceptorsRunInRegistrationOrderAroundTheHandler() {
    List<String> calls = new ArrayList<>();
    GraphRoutes routes =
        GraphRoutes.builder()
            .intercept(
                (request, next) -> {
                  calls.add("outer");
                  return next.handle(request);
                })
            .intercept(
                (request, next) -> {
                  calls.add("inner " + request.pathParam("audience"));
                  return next.handle(request);
                })
            .post(
                "/{audience}/users",
                request -> {
                  calls.add("handler");
                  return GraphResponse.ok(Map.of());
                })
            .build();

    routes.dispatch(request(GraphMethod.POST, "/7/users"));

    assertThat(calls).containsExactly("outer", "inner 7", "handler");
  }

  @Test
  void anInterceptorCanAnswerWithAnError() {
    GraphRoutes routes =
        GraphRoutes.builder()
            .intercept(
                (request, next) -> {
                  throw GraphError.accessTokenRequired().exception();
                })
            .post("/{audience}/users", answering("add"))
            .build();

    assertThatThrownBy(() -> routes.dispatch(request(GraphMethod.POST, "/7/users")))
        .isInstanceOf(GraphException.class)
        .hasMessage("An access token is required to request this resource.");
  }

  @Test
  void badPatternsAreRefusedAtRegistration() {
    assertThatThrownBy(() -> GraphRoutes.builder().get("/{}/users", answering("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GraphRoutes.builder().get("/{node/users", answering("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
