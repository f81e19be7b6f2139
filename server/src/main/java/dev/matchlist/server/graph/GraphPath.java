package dev.matchlist.server.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request path split the Graph way: an optional {@code /vNN.N} version prefix, then the node id
 * and any edges. Empty segments are dropped, so a trailing slash (the Java SDK's {@code
 * /v21.0/123/?fields=}) and doubled slashes change nothing.
 *
 * @param version the version the client asked for ({@code "v24.0"}), or the server's default
 * @param versionInPath whether the path carried the version
 * @param segments the segments after the version, e.g. {@code ["123", "users"]}
 */
public record GraphPath(String version, boolean versionInPath, List<String> segments) {

  private static final Pattern AD_ACCOUNT = Pattern.compile("act_(\\d+)");

  public GraphPath {
    segments = List.copyOf(segments);
  }

  /**
   * Splits a decoded path.
   *
   * @param defaultVersion used when the path has no version prefix
   */
  public static GraphPath parse(String path, String defaultVersion) {
    List<String> segments = new ArrayList<>(4);
    int start = 0;
    while (start <= path.length()) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? path.length() : slash;
      if (end > start) {
        segments.add(path.substring(start, end));
      }
      start = end + 1;
    }
    if (!segments.isEmpty() && isVersion(segments.get(0))) {
      return new GraphPath(segments.get(0), true, segments.subList(1, segments.size()));
    }
    return new GraphPath(defaultVersion, false, segments);
  }

  /** {@code v<digits>.<digits>}, e.g. {@code v21.0}. */
  private static boolean isVersion(String segment) {
    int dot = segment.indexOf('.');
    return segment.startsWith("v")
        && dot > 1
        && allDigits(segment, 1, dot)
        && allDigits(segment, dot + 1, segment.length());
  }

  private static boolean allDigits(String text, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The node id (first segment after the version), if any. */
  public Optional<String> node() {
    return segments.isEmpty() ? Optional.empty() : Optional.of(segments.get(0));
  }

  /** The edge (second segment), if any. */
  public Optional<String> edge() {
    return segments.size() < 2 ? Optional.empty() : Optional.of(segments.get(1));
  }

  /** The digits of an {@code act_<digits>} node: the ad account id without its prefix. */
  public Optional<String> adAccountId() {
    return node().map(AD_ACCOUNT::matcher).filter(m -> m.matches()).map(m -> m.group(1));
  }

  /** The segments from {@code from} on, as Meta prints them in 2500 errors: {@code /a/b}. */
  public String componentsFrom(int from) {
    if (from >= segments.size()) {
      return "/";
    }
    return "/" + String.join("/", segments.subList(from, segments.size()));
  }
}
