package dev.matchlist.server.access;

import dev.matchlist.server.store.Catalog;

/** Who is calling: a live token's grant and the app it belongs to. */
public record Caller(Catalog.TokenGrant grant, Catalog.App app) {
  /** Whether the token was granted on this ad account (id without {@code act_}). */
  public boolean mayUse(String adAccountId) {
    return grant.adAccountIds().contains(adAccountId);
  }
}
