package dev.matchlist.client;

/**
 * How {@link GraphClient} sends the users edges' {@code payload} and {@code session} (the other
 * calls always send forms).
 *
 * <p>{@link #JSON}, the default, is what the official Node SDK sends and Meta accepts (spec §5.2,
 * §7): an {@code application/json} body with {@code payload} and {@code session} as nested objects
 * and the token in the body. It is ~10 % smaller than a form for hashed rows and neither side has
 * to percent-encode or decode 700 KB per batch. {@link #FORM} is the Python SDK's and Meta's curl
 * examples' shape, for servers or proxies that only take forms.
 */
public enum UsersBodyEncoding {
  /** {@code application/json}: {@code {"payload":{...},"session":{...},"access_token":"..."}}. */
  JSON,
  /**
   * {@code application/x-www-form-urlencoded}: {@code payload=...&session=...&access_token=...}.
   */
  FORM
}
