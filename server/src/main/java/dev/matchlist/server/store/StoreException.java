package dev.matchlist.server.store;

/** The store could not do what was asked (disk full, corruption, closed store...). */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
