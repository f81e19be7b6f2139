package dev.matchlist.client;

/** What an upload does to the audience's membership. */
public enum UploadOperation {
  /** {@code POST /{audience}/users}: add the people. */
  ADD,
  /** {@code DELETE /{audience}/users} with the payload in the body: remove the people. */
  REMOVE,
  /**
   * {@code POST /{audience}/usersreplace}: the session's rows become the whole membership once its
   * last batch arrives.
   */
  REPLACE
}
