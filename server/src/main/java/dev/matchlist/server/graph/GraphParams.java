package dev.matchlist.server.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The merged parameters of one request: query string and body, whatever the method and encoding.
 * When a name appears in both, the body's value wins; when it appears twice in one place, the last
 * one wins (as PHP and most form decoders do). Unknown names are kept; handlers ignore what they do
 * not read.
 */
public final class GraphParams {

  private final Map<String, ParamValue> values;

  private static final GraphParams EMPTY = new GraphParams(Map.of());

  GraphParams(Map<String, ParamValue> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** An empty parameter set, e.g. for requests that could not be decoded. */
  public static GraphParams empty() {
    return EMPTY;
  }

  /** Builds parameters directly, for tests of handlers and for internal calls. */
  public static GraphParams of(Map<String, String> texts) {
    Map<String, ParamValue> values = new LinkedHashMap<>();
    texts.forEach((name, text) -> values.put(name, ParamValue.ofText(text)));
    return new GraphParams(values);
  }

  public Optional<ParamValue> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** The parameter as a plain string ({@link ParamValue#stringValue()}). */
  public Optional<String> string(String name) {
    return get(name).map(ParamValue::stringValue);
  }

  /**
   * Whether a boolean-ish flag is on: {@code 1} or {@code true} (any case), as Graph reads them.
   */
  public boolean flag(String name) {
    return string(name)
        .map(v -> v.strip().equals("1") || v.strip().equalsIgnoreCase("true"))
        .orElse(false);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** Names in arrival order (query first, then body). */
  public Set<String> names() {
    return values.keySet();
  }

  public Map<String, ParamValue> asMap() {
    return values;
  }

  public int size() {
    return values.size();
  }
}
