package dev.matchlist.server.graph;

import java.util.Locale;
import java.util.Optional;

/** The three HTTP methods the Graph API speaks. */
public enum GraphMethod {
  GET,
  POST,
  DELETE;

  /** The lower-case verb Meta puts in messages ("Unsupported post request. ..."). */
  public String verb() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a method name in any case; empty for anything else (PUT, PATCH, HEAD, ...). */
  public static Optional<GraphMethod> parse(String name) {
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "GET" -> Optional.of(GET);
      case "POST" -> Optional.of(POST);
      case "DELETE" -> Optional.of(DELETE);
      default -> Optional.empty();
    };
  }
}
