package dev.matchlist.server.graph;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One Graph API error, as Meta's servers send it: the fields of the {@code {"error":{...}}}
 * envelope plus the HTTP status it travels with. Every error the server answers is built by one of
 * the factory methods here, so messages, types and statuses stay exactly as Meta spells them.
 *
 * <p>Surprises worth knowing: Meta prefixes some messages with {@code "(#code) "} and not others
 * (104, 190, 2500 and the subcode-33 "unknown object" message carry no prefix); code 200 travels
 * with HTTP 403, codes 1 and 2 with HTTP 500, everything else with 400.
 *
 * <pre>{@code
 * throw GraphError.missingParameter("payload").exception();
 * }</pre>
 */
public record GraphError(
    String message,
    String type,
    int code,
    @Nullable Integer errorSubcode,
    @Nullable String errorUserTitle,
    @Nullable String errorUserMsg,
    @Nullable Boolean isTransient,
    int httpStatus) {

  /** Meta's exception type for authentication, throttling and most ads errors. */
  public static final String OAUTH_EXCEPTION = "OAuthException";

  /** Meta's exception type for unknown objects, unsupported methods and bad appsecret_proof. */
  public static final String GRAPH_METHOD_EXCEPTION = "GraphMethodException";

  private static final String GRAPH_DOCS =
      "Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api";

  /** Subcodes Meta uses with code 190 for tokens that parsed but are no longer valid. */
  public static final int SUBCODE_TOKEN_EXPIRED = 463;

  public static final int SUBCODE_TOKEN_INVALIDATED = 460;
  public static final int SUBCODE_SESSION_INVALID = 467;
  public static final int SUBCODE_APP_NOT_INSTALLED = 458;

  /** Code 100 "Invalid parameter" with Meta's {@code (#100)} prefix. */
  public static GraphError invalidParameter(String detail) {
    return prefixed(100, detail, OAUTH_EXCEPTION, 400);
  }

  /** {@code (#100) Missing required parameter: <name>} — Meta's exact wording. */
  public static GraphError missingParameter(String name) {
    return invalidParameter("Missing required parameter: " + name);
  }

  /**
   * Code 100 subcode 33: the object does not exist, or the caller may not see it, or it does not
   * support the verb. Meta answers all three alike so that ids cannot be probed.
   *
   * @param method the effective method of the request; its lower-case name is part of the message
   */
  public static GraphError unknownObject(GraphMethod method, String objectId) {
    String message =
        "Unsupported "
            + method.verb()
            + " request. Object with ID '"
            + objectId
            + "' does not exist, cannot be loaded due to missing permissions, or does not support"
            + " this operation. "
            + GRAPH_DOCS;
    return new GraphError(message, GRAPH_METHOD_EXCEPTION, 100, 33, null, null, null, 400);
  }

  /** Code 100: the path exists but not for this method ({@code GET …/users}, say). */
  public static GraphError unsupportedMethod(String verb) {
    String message = "Unsupported " + verb.toLowerCase(Locale.ROOT) + " request. " + GRAPH_DOCS;
    return new GraphError(message, GRAPH_METHOD_EXCEPTION, 100, null, null, null, null, 400);
  }

  /** Code 100, GraphMethodException: the appsecret_proof does not match the token. */
  public static GraphError invalidAppsecretProof() {
    return new GraphError(
        "Invalid appsecret_proof provided in the API argument",
        GRAPH_METHOD_EXCEPTION,
        100,
        null,
        null,
        null,
        null,
        400);
  }

  /** Code 100, GraphMethodException: the app requires appsecret_proof and the call has none. */
  public static GraphError appsecretProofRequired() {
    return new GraphError(
        "API calls from the server require an appsecret_proof argument",
        GRAPH_METHOD_EXCEPTION,
        100,
        null,
        null,
        null,
        null,
        400);
  }

  /**
   * An error an integration tester asked the emulator to inject, exactly as configured.
   *
   * @param subcode the subcode, or 0 for none
   */
  public static GraphError injected(
      int code, int subcode, String message, String type, int httpStatus, boolean isTransient) {
    return new GraphError(
        message,
        type,
        code,
        subcode == 0 ? null : subcode,
        null,
        null,
        isTransient ? Boolean.TRUE : null,
        httpStatus);
  }

  /** Code 104: no token in the params nor in an Authorization header. */
  public static GraphError accessTokenRequired() {
    return new GraphError(
        "An access token is required to request this resource.",
        OAUTH_EXCEPTION,
        104,
        null,
        null,
        null,
        null,
        400);
  }

  /**
   * Code 190 without subcode: e.g. {@code "Invalid OAuth access token - Cannot parse access
   * token"}.
   */
  public static GraphError invalidAccessToken(String message) {
    return new GraphError(message, OAUTH_EXCEPTION, 190, null, null, null, null, 400);
  }

  /** Code 190 with a subcode such as {@link #SUBCODE_TOKEN_EXPIRED}. */
  public static GraphError invalidAccessToken(String message, int subcode) {
    return new GraphError(message, OAUTH_EXCEPTION, 190, subcode, null, null, null, 400);
  }

  /** Code 200, HTTP 403: {@code (#200) <detail>}, e.g. "Permissions error". */
  public static GraphError permissionDenied(String detail) {
    return prefixed(200, detail, OAUTH_EXCEPTION, 403);
  }

  /** Code 105: more parameters (or rows) than the operation takes. */
  public static GraphError tooManyParameters(String detail) {
    return prefixed(105, detail, OAUTH_EXCEPTION, 400);
  }

  /** Code 2500 {@code Unknown path components: /a/b} — no route has these segments. */
  public static GraphError unknownPathComponents(String components) {
    return new GraphError(
        "Unknown path components: " + components,
        OAUTH_EXCEPTION,
        2500,
        null,
        null,
        null,
        null,
        400);
  }

  /**
   * Code 2650 {@code (#2650) Failed to update the custom audience: <detail>}.
   *
   * @param subcode Meta's subcode, or null when it sends none
   */
  public static GraphError audienceUpdateFailed(String detail, @Nullable Integer subcode) {
    return new GraphError(
        "(#2650) Failed to update the custom audience: " + detail,
        OAUTH_EXCEPTION,
        2650,
        subcode,
        null,
        null,
        null,
        400);
  }

  /**
   * Code 100 for a {@code payload} the whole request is refused for; {@code detail} says what is
   * wrong and where, e.g. {@code Data is missing or does not match schema: row 17 has 3 values but
   * the schema has 2 keys}.
   */
  public static GraphError payloadInvalid(String detail) {
    return invalidParameter(detail);
  }

  /**
   * Code 2650: the audience's data source, fixed by its first upload, does not take this upload's
   * kind — Meta's observed wording, e.g. {@code This audience was created from data source
   * FILE_IMPORTED.MULTI_HASHES, which does not support data source
   * FILE_IMPORTED.HASHES_OR_USER_IDS.}
   */
  public static GraphError dataSourceMismatch(String fixed, String offered) {
    return audienceUpdateFailed(
        "This audience was created from data source "
            + fixed
            + ", which does not support data source "
            + offered
            + ".",
        null);
  }

  /**
   * An upload session refused a batch: code 2650 with Meta's session subcode (1870145 replace in
   * progress, 1870158 timed out, 1870147 first batch missing, 1870159 already finished), or code
   * 100 for a session that does not fit the request.
   *
   * @param subcode the subcode, or 0 for none
   */
  public static GraphError sessionRejected(int code, int subcode, String detail) {
    if (code == 2650) {
      return audienceUpdateFailed(detail, subcode == 0 ? null : subcode);
    }
    GraphError error = prefixed(code, detail, OAUTH_EXCEPTION, 400);
    return subcode == 0 ? error : error.withSubcode(subcode);
  }

  /**
   * Code 2654 {@code (#2654) Failed to create custom audience: <detail>}, e.g. when the ad account
   * already has as many customer-file audiences as it may (500 on Meta).
   */
  public static GraphError audienceCreationFailed(String detail) {
    return new GraphError(
        "(#2654) Failed to create custom audience: " + detail,
        OAUTH_EXCEPTION,
        2654,
        null,
        "Failed to create custom audience",
        detail,
        null,
        400);
  }

  /**
   * Code 80003 subcode 2446079: the ad account's custom-audience call budget is spent. Meta's
   * observed bodies carry no {@code is_transient}; clients wait for the usage header's hint.
   */
  public static GraphError customAudienceRateLimited() {
    return new GraphError(
        "(#80003) There have been too many calls to this ad-account. Wait a bit and try again."
            + " For more info, please refer to"
            + " https://developers.facebook.com/docs/graph-api/overview/rate-limiting#custom-audience.",
        OAUTH_EXCEPTION,
        80003,
        2446079,
        null,
        null,
        null,
        400);
  }

  /** Code 1, HTTP 500, transient: whatever went wrong inside the server. */
  public static GraphError unknownError() {
    return new GraphError(
        "An unknown error occurred", OAUTH_EXCEPTION, 1, null, null, null, true, 500);
  }

  /** Code 2, HTTP 500, transient: the service is temporarily unable to answer. */
  public static GraphError serviceUnavailable() {
    return new GraphError(
        "An unexpected error has occurred. Please retry your request later.",
        OAUTH_EXCEPTION,
        2,
        null,
        null,
        null,
        true,
        500);
  }

  /** A copy with the user-facing title and message Meta adds for some errors. */
  public GraphError withUserMessage(String title, String userMessage) {
    return new GraphError(
        message, type, code, errorSubcode, title, userMessage, isTransient, httpStatus);
  }

  /** A copy with the given subcode. */
  public GraphError withSubcode(int subcode) {
    return new GraphError(
        message, type, code, subcode, errorUserTitle, errorUserMsg, isTransient, httpStatus);
  }

  /** Codes 104 and 190 are answered with a {@code WWW-Authenticate} header, as Meta does. */
  public boolean isAuthenticationError() {
    return code == 104 || code == 190;
  }

  /** This error as an exception a handler can throw. */
  public GraphException exception() {
    return new GraphException(this);
  }

  private static GraphError prefixed(int code, String detail, String type, int httpStatus) {
    return new GraphError(
        "(#" + code + ") " + detail, type, code, null, null, null, null, httpStatus);
  }
}
