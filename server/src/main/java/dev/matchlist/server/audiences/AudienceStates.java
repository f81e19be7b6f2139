package dev.matchlist.server.audiences;

import dev.matchlist.server.store.Catalog;

/**
 * Where an audience's read-time state (size range, operation and delivery status) comes from. The
 * audience API asks this for every audience it renders; matching plugs in its own implementation
 * once membership exists.
 */
@FunctionalInterface
public interface AudienceStates {
  AudienceState stateOf(Catalog.Audience audience);

  /** Every audience as one that has received no upload yet: empty, 410, too small. */
  static AudienceStates noUploadYet() {
    return audience -> AudienceState.noUploadYet();
  }

  /**
   * Before the matching engine exists: an audience is empty either way, but one that has taken an
   * upload (its data source is fixed) is "populating" (441), not "no upload yet" (410).
   */
  static AudienceStates beforeMatching() {
    return audience ->
        audience.dataSource().isEmpty()
            ? AudienceState.noUploadYet()
            : new AudienceState(0, 0, 441, 300);
  }
}
