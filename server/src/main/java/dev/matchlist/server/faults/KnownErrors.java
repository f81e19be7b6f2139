package dev.matchlist.server.faults;

/** Meta's usual messages for the error codes testers inject most. */
final class KnownErrors {
  private KnownErrors() {}

  static String message(int code) {
    return switch (code) {
      case 1 -> "An unknown error occurred";
      case 2 -> "An unexpected error has occurred. Please retry your request later.";
      case 4 -> "(#4) Application request limit reached";
      case 17 -> "(#17) User request limit reached";
      case 100 -> "(#100) Invalid parameter";
      case 190 -> "Invalid OAuth access token.";
      case 200 -> "(#200) Permissions error";
      case 613 -> "(#613) Calls to this api have exceeded the rate limit.";
      case 2650 -> "(#2650) Failed to update the custom audience";
      case 80003 ->
          "(#80003) There have been too many calls to this ad-account. Wait a bit and try again."
              + " For more info, please refer to"
              + " https://developers.facebook.com/docs/graph-api/overview/rate-limiting#custom-audience.";
      default -> "(#" + code + ") Injected error";
    };
  }

  /** Rate-limit codes: transient by nature, a retry after waiting succeeds. */
  static boolean isThrottle(int code) {
    return code == 4 || code == 17 || code == 613 || (code >= 80000 && code <= 80014);
  }
}
