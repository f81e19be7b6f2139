package dev.matchlist.server.graph;

import org.jspecify.annotations.Nullable;

/** A request's headers, read by lower-case name: the first value, or null when absent. */
@FunctionalInterface
interface HeaderLookup {
  @Nullable String first(String lowerCaseName);
}
