package dev.matchlist.server.graph;

/**
 * A feature's group of routes ({@code audiences}, {@code uploads}, ...), registered together.
 *
 * <pre>{@code
 * class UsersService implements GraphService {
 *   public void register(GraphRoutes.Builder routes) {
 *     routes.post("/{audience}/users", this::add).delete("/{audience}/users", this::remove);
 *   }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface GraphService {
  void register(GraphRoutes.Builder routes);
}
