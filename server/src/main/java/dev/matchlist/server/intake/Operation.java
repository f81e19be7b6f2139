package dev.matchlist.server.intake;

/** What an upload session does to its audience. */
public enum Operation {
  /** {@code POST /{id}/users}: add the rows' people. */
  ADD,
  /** {@code DELETE /{id}/users} (or {@code POST} with {@code method=DELETE}): remove them. */
  REMOVE,
  /** {@code POST /{id}/usersreplace}: the session's rows become the whole audience. */
  REPLACE
}
