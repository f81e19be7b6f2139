package dev.matchlist.server.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GraphErrorEnvelopeTest {

  static String envelope(GraphError error) {
    return new String(
        GraphAnswers.errorBody(error, "AbC123"), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void absentOptionalFieldsAreLeftOut() {
    assertThat(envelope(GraphError.accessTokenRequired()))
        .isEqualTo(
            "{\"error\":{\"message\":\"An access token is required to request this resource.\","
                + "\"type\":\"OAuthException\",\"code\":104,\"fbtrace_id\":\"AbC123\"}}");
  }

  @Test
  void allFieldsAppearInMetasOrder() {
    GraphError error =
        GraphError.invalidParameter("Invalid parameter")
            .withSubcode(1713230)
            .withUserMessage("Audience Upload Blocked", "This audience was flagged.");

    assertThat(envelope(error))
        .isEqualTo(
            "{\"error\":{\"message\":\"(#100) Invalid parameter\",\"type\":\"OAuthException\","
                + "\"code\":100,\"error_subcode\":1713230,"
                + "\"error_user_title\":\"Audience Upload Blocked\","
                + "\"error_user_msg\":\"This audience was flagged.\",\"fbtrace_id\":\"AbC123\"}}");
  }

  @Test
  void theUnknownObjectMessageNamesTheVerbAndTheId() {
    GraphError error = GraphError.unknownObject(GraphMethod.POST, "23847289886190582");

    assertThat(error.message())
        .isEqualTo(
            "Unsupported post request. Object with ID '23847289886190582' does not exist, cannot"
                + " be loaded due to missing permissions, or does not support this operation."
                + " Please read the Graph API documentation at"
                + " https://developers.facebook.com/docs/graph-api");
    assertThat(error.type()).isEqualTo("GraphMethodException");
    assertThat(error.errorSubcode()).isEqualTo(33);
  }

  @Test
  void statusesFollowTheCode() {
    assertThat(GraphError.permissionDenied("Permissions error").httpStatus()).isEqualTo(403);
    assertThat(GraphError.permissionDenied("Permissions error").message())
        .isEqualTo("(#200) Permissions error");
    assertThat(GraphError.unknownError().httpStatus()).isEqualTo(500);
    assertThat(GraphError.serviceUnavailable().isTransient()).isTrue();
    assertThat(GraphError.missingParameter("payload").message())
        .isEqualTo("(#100) Missing required parameter: payload");
    assertThat(GraphError.audienceUpdateFailed("x", null).message())
        .isEqualTo("(#2650) Failed to update the custom audience: x");
  }

  @Test
  void onlyAuthenticationErrorsGetWwwAuthenticate() {
    assertThat(GraphAnswers.errorHeaders(GraphError.accessTokenRequired()))
        .containsEntry(
            "WWW-Authenticate",
            "OAuth \"Facebook Platform\" \"invalid_request\" \"An access token is required to"
                + " request this resource.\"");
    assertThat(
            GraphAnswers.errorHeaders(
                GraphError.invalidAccessToken("Error validating access token", 463)))
        .containsEntry(
            "WWW-Authenticate",
            "OAuth \"Facebook Platform\" \"invalid_token\" \"Error validating access token\"");
    assertThat(GraphAnswers.errorHeaders(GraphError.missingParameter("payload"))).isEmpty();
  }
}
