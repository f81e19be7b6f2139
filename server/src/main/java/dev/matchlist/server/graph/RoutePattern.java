package dev.matchlist.server.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A route path without version: {@code /{audience}/users}, {@code /act_{account}/customaudiences}.
 * A segment is a literal, a variable {@code {name}} matching any one segment, or a literal prefix
 * plus a variable ({@code act_{account}} matches {@code act_123} and binds {@code account=123}).
 * When several patterns match, the most specific wins: literals beat prefixes beat variables,
 * compared segment by segment from the left.
 */
final class RoutePattern {

  private record Segment(String literal, String variable) {
    boolean isVariable() {
      return variable != null;
    }
  }

  private final String text;
  private final List<Segment> segments;
  private final int variableCount;

  private RoutePattern(String text, List<Segment> segments) {
    this.text = text;
    this.segments = segments;
    this.variableCount = (int) segments.stream().filter(Segment::isVariable).count();
  }

  static RoutePattern parse(String pattern) {
    List<Segment> segments = new ArrayList<>();
    for (String part : pattern.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      int open = part.indexOf('{');
      if (open < 0) {
        segments.add(new Segment(part, null));
      } else if (part.endsWith("}") && open < part.length() - 2) {
        segments.add(
            new Segment(part.substring(0, open), part.substring(open + 1, part.length() - 1)));
      } else {
        throw new IllegalArgumentException("bad route segment '" + part + "' in " + pattern);
      }
    }
    return new RoutePattern(pattern, List.copyOf(segments));
  }

  /** The variables bound by matching these segments, or null when they do not match. */
  @Nullable Map<String, String> match(List<String> path) {
    if (path.size() != segments.size()) {
      return null;
    }
    for (int i = 0; i < path.size(); i++) {
      if (!matches(segments.get(i), path.get(i))) {
        return null;
      }
    }
    if (variableCount == 0) {
      return Map.of();
    }
    Map<String, String> variables = new HashMap<>(4);
    for (int i = 0; i < path.size(); i++) {
      Segment segment = segments.get(i);
      if (segment.isVariable()) {
        variables.put(segment.variable(), path.get(i).substring(segment.literal().length()));
      }
    }
    return variables;
  }

  private static boolean matches(Segment segment, String actual) {
    if (!segment.isVariable()) {
      return segment.literal().equals(actual);
    }
    return actual.startsWith(segment.literal()) && actual.length() > segment.literal().length();
  }

  /** Compares specificity: positive when this pattern is more specific than {@code other}. */
  int compareSpecificity(RoutePattern other) {
    for (int i = 0; i < Math.min(segments.size(), other.segments.size()); i++) {
      int difference = rank(segments.get(i)) - rank(other.segments.get(i));
      if (difference != 0) {
        return difference;
      }
    }
    return 0;
  }

  private static int rank(Segment segment) {
    if (!segment.isVariable()) {
      return 2;
    }
    return segment.literal().isEmpty() ? 0 : 1;
  }

  @Override
  public String toString() {
    return text;
  }
}
