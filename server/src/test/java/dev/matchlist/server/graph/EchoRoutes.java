package dev.matchlist.server.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Test-only routes that answer with what the wire layer decoded, so tests can see it. */
final class EchoRoutes {

  private EchoRoutes() {}

  static GraphRoutes build() {
    GraphRoutes.Builder routes = GraphRoutes.builder();
    for (GraphMethod method : GraphMethod.values()) {
      routes.route(method, "/{node}", EchoRoutes::echo);
      routes.route(method, "/{node}/{edge}", EchoRoutes::echo);
      routes.route(method, "/act_{account}/{edge}", EchoRoutes::echoAdAccount);
    }
    routes.get(
        "/missing",
        request -> {
          throw GraphError.unknownObject(request.method(), "missing").exception();
        });
    routes.get(
        "/boom/now",
        request -> {
          throw new IllegalStateException("handler bug with a secret stack trace");
        });
    routes.post(
        "/token/check",
        request -> {
          throw GraphError.invalidAccessToken(
                  "Invalid OAuth access token - Cannot parse access token")
              .exception();
        });
    routes.get(
        "/usage/headers",
        request -> {
          request.addResponseHeader("x-app-usage", "{\"call_count\":1}");
          throw GraphError.customAudienceRateLimited().exception();
        });
    routes.get(
        "/echo/header",
        request -> {
          // a handler quoting client input in a header, as an error message in WWW-Authenticate can
          request.addResponseHeader("x-echo", request.params().string("value").orElse(""));
          return GraphResponse.ok(Map.of("success", true));
        });
    return routes.build();
  }

  static GraphResponse echoAdAccount(GraphRequest request) {
    ObjectNode answer = echoTree(request);
    answer.put("route_account", request.pathParam("account"));
    return GraphResponse.ok(answer);
  }

  static GraphResponse echo(GraphRequest request) {
    return GraphResponse.ok(echoTree(request));
  }

  /**
   * {method, http_method, node, edge, ad_account, version, token, proof, params, json, payload}.
   */
  private static ObjectNode echoTree(GraphRequest request) {
    ObjectNode answer = GraphJson.MAPPER.createObjectNode();
    answer.put("method", request.method().name());
    answer.put("http_method", request.httpMethod().name());
    answer.put("node", request.path().node().orElse(null));
    answer.put("edge", request.path().edge().orElse(null));
    answer.put("ad_account", request.path().adAccountId().orElse(null));
    answer.put("version", request.version());
    answer.put("token", request.accessToken().orElse(null));
    answer.put("appsecret_proof", request.appsecretProof().orElse(null));
    answer.put("base_url", request.baseUrl());
    ObjectNode params = answer.putObject("params");
    ObjectNode json = answer.putObject("json");
    request
        .params()
        .asMap()
        .forEach(
            (name, value) -> {
              params.put(name, value.stringValue());
              json.set(name, value.asJson());
            });
    request
        .param("payload")
        .ifPresent(payload -> answer.set("payload_streamed", streamed(payload)));
    return answer;
  }

  /** Reads the payload the way the intake will: a streaming parser over the request's bytes. */
  private static JsonNode streamed(ParamValue payload) {
    try {
      return GraphJson.MAPPER.readTree(payload.jsonParser(GraphJson.FACTORY));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
