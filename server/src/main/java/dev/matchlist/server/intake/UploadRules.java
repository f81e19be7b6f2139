package dev.matchlist.server.intake;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.payload.ValidatedPayload;
import dev.matchlist.server.graph.GraphError;
import dev.matchlist.server.store.Catalog;

/**
 * What a valid payload must also satisfy for the audience it goes to: ids scoped to an app or page
 * name their app or page, value-based audiences get values (and only they do), and the kind of
 * upload matches the data source the audience's first upload fixed.
 */
final class UploadRules {
  /** The data source a single-key upload ({@code "schema":"EMAIL_SHA256"}) gives an audience. */
  static final String SINGLE_KEY_SOURCE = "FILE_IMPORTED.HASHES_OR_USER_IDS";

  /** The data source a multi-key upload ({@code "schema":["EMAIL",...]}) gives an audience. */
  static final String MULTI_KEY_SOURCE = "FILE_IMPORTED.MULTI_HASHES";

  /** Meta replaces only audiences under 100 million people (spec §3.6). */
  static final long MAX_REPLACE_MEMBERS = 100_000_000L;

  private UploadRules() {}

  /** Throws the Graph error for a payload this audience cannot take; returns its data source. */
  static String check(Catalog.Audience audience, ValidatedPayload payload) {
    if (payload.schema().contains(SchemaKey.APPUID) && payload.appIds().isEmpty()) {
      throw GraphError.invalidParameter(
              "payload.app_ids is required when the schema has APPUID (app-scoped user ids):"
                  + " name the app(s) the ids belong to")
          .exception();
    }
    if (payload.schema().contains(SchemaKey.PAGEUID) && payload.pageIds().isEmpty()) {
      throw GraphError.invalidParameter(
              "payload.page_ids is required when the schema has PAGEUID (page-scoped user ids):"
                  + " name the page(s) the ids belong to")
          .exception();
    }
    boolean hasValues = payload.schema().contains(SchemaKey.LOOKALIKE_VALUE);
    if (audience.spec().isValueBased() && !hasValues) {
      throw GraphError.invalidParameter(
              "audience "
                  + audience.id()
                  + " is value-based: its schema must include LOOKALIKE_VALUE with each"
                  + " customer's value")
          .exception();
    }
    if (!audience.spec().isValueBased() && hasValues) {
      throw GraphError.invalidParameter(
              "audience "
                  + audience.id()
                  + " is not value-based: remove LOOKALIKE_VALUE from the schema, or upload to an"
                  + " audience created with is_value_based=true")
          .exception();
    }
    String offered = dataSourceOf(payload);
    String fixed = audience.dataSource();
    if (!fixed.isEmpty() && !fixed.equals(offered)) {
      throw GraphError.dataSourceMismatch(fixed, offered).exception();
    }
    return offered;
  }

  /** Single-key hashes and multi-key uploads are different data sources (a one-key array too). */
  static String dataSourceOf(ValidatedPayload payload) {
    return payload.schemaForm() == ValidatedPayload.SchemaForm.SINGLE_KEY
        ? SINGLE_KEY_SOURCE
        : MULTI_KEY_SOURCE;
  }
}
