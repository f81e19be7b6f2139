package dev.matchlist.server.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routing table of the Graph surface: {@code (method, path pattern) → handler}, plus
 * interceptors that run around every routed request. Patterns carry no version: {@code
 * /v21.0/123/users}, {@code /v24.0/123/users/} and {@code /123/users} all match {@code
 * /{audience}/users}. See {@link RoutePattern} for the pattern syntax and precedence.
 *
 * <p>Requests that match no route are answered the Graph way: a path that exists for another method
 * gets code 100 "Unsupported delete request."; a lone node id that no route knows gets the 100/33
 * unknown-object error; anything else gets 2500 "Unknown path components".
 *
 * <pre>{@code
 * GraphRoutes routes = GraphRoutes.builder()
 *     .intercept(tokenCheck)
 *     .register(new UsersService(intake))
 *     .build();
 * }</pre>
 */
public final class GraphRoutes {

  private record Route(GraphMethod method, RoutePattern pattern, GraphHandler handler) {}

  private final List<Route> routes;
  private final List<GraphInterceptor> interceptors;
  private final Map<String, NestedJsonReader> nestedJsonReaders;
  private final PlatformWorkers bigBodyWorkers;

  private GraphRoutes(Builder builder) {
    this.bigBodyWorkers = builder.bigBodyWorkers;
    this.routes = List.copyOf(builder.routes);
    this.interceptors = List.copyOf(builder.interceptors);
    this.nestedJsonReaders = Map.copyOf(builder.nestedJsonReaders);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Routes the request through the interceptors to its handler, or throws the Graph error. */
  GraphResponse dispatch(GraphRequest request) {
    List<String> segments = request.path().segments();
    Route best = null;
    Map<String, String> bestVariables = null;
    boolean pathKnown = false;
    for (Route route : routes) {
      Map<String, String> variables = route.pattern().match(segments);
      if (variables == null) {
        continue;
      }
      pathKnown = true;
      if (route.method() == request.method()
          && (best == null || route.pattern().compareSpecificity(best.pattern()) > 0)) {
        best = route;
        bestVariables = variables;
      }
    }
    if (best == null) {
      throw noRoute(request, pathKnown).exception();
    }
    GraphRequest routed = request.withPathParams(bestVariables);
    GraphHandler chain = best.handler();
    for (int i = interceptors.size() - 1; i >= 0; i--) {
      GraphInterceptor interceptor = interceptors.get(i);
      GraphHandler next = chain;
      chain = r -> interceptor.intercept(r, next);
    }
    return chain.handle(routed);
  }

  /** The readers of nested JSON parameters, by parameter name, for the body's decoder. */
  Map<String, NestedJsonReader> nestedJsonReaders() {
    return nestedJsonReaders;
  }

  /** Where requests with a big body are read, decoded and handled (see Builder#bigBodiesOn). */
  PlatformWorkers bigBodyWorkers() {
    return bigBodyWorkers;
  }

  private static GraphError noRoute(GraphRequest request, boolean pathKnown) {
    List<String> segments = request.path().segments();
    if (pathKnown || segments.isEmpty()) {
      return GraphError.unsupportedMethod(request.method().verb());
    }
    if (segments.size() == 1) {
      return GraphError.unknownObject(request.method(), segments.get(0));
    }
    return GraphError.unknownPathComponents(request.path().componentsFrom(1));
  }

  /** Collects routes and interceptors; not thread-safe, build once at startup. */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();
    private final List<GraphInterceptor> interceptors = new ArrayList<>();
    private final Map<String, NestedJsonReader> nestedJsonReaders = new HashMap<>();
    private PlatformWorkers bigBodyWorkers = PlatformWorkers.INLINE;

    private Builder() {}

    /**
     * Reads, decodes and handles requests with a big body (an upload of thousands of rows) on
     * {@code workers} instead of the request's virtual thread: parsing such a body takes
     * milliseconds, which would hold a carrier thread that quick requests need.
     */
    public Builder bigBodiesOn(PlatformWorkers workers) {
      if (bigBodyWorkers != PlatformWorkers.INLINE && bigBodyWorkers != workers) {
        throw new IllegalStateException("big bodies already go to other workers");
      }
      bigBodyWorkers = workers;
      return this;
    }

    public Builder route(GraphMethod method, String pattern, GraphHandler handler) {
      routes.add(new Route(method, RoutePattern.parse(pattern), handler));
      return this;
    }

    public Builder get(String pattern, GraphHandler handler) {
      return route(GraphMethod.GET, pattern, handler);
    }

    public Builder post(String pattern, GraphHandler handler) {
      return route(GraphMethod.POST, pattern, handler);
    }

    public Builder delete(String pattern, GraphHandler handler) {
      return route(GraphMethod.DELETE, pattern, handler);
    }

    /** Adds an interceptor; the first added runs outermost. */
    public Builder intercept(GraphInterceptor interceptor) {
      interceptors.add(interceptor);
      return this;
    }

    /**
     * Reads the parameter {@code name}, when a JSON body nests it as an object or array, with
     * {@code reader} while the body is decoded (whatever the route: keep it to names only the
     * reader's routes use). Values sent any other way reach the handler as before.
     */
    public Builder readNestedJson(String name, NestedJsonReader reader) {
      if (nestedJsonReaders.putIfAbsent(name, reader) != null) {
        throw new IllegalStateException("two readers for the nested JSON parameter " + name);
      }
      return this;
    }

    public Builder register(GraphService service) {
      service.register(this);
      return this;
    }

    public GraphRoutes build() {
      return new GraphRoutes(this);
    }
  }
}
