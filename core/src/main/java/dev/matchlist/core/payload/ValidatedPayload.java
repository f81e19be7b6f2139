package dev.matchlist.core.payload;

import dev.matchlist.core.SchemaKey;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A parsed and validated {@code payload}: the resolved schema, the valid rows in columnar form, and
 * the count and samples of the rows rejected. Immutable.
 *
 * @param schema the columns, aliases resolved ({@code EMAIL_SHA256} arrives as {@link
 *     SchemaKey#EMAIL})
 * @param schemaForm whether {@code schema} was one key string or an array: Meta fixes an audience's
 *     data source by it (single-key hashes vs multi-key), even for a one-key array
 * @param rowsReceived rows in {@code data}, valid or not
 * @param rows the valid rows, in order
 * @param invalidEntries rows rejected (each counted once, however many bad cells it has)
 * @param invalidSamples up to {@value PayloadParser#MAX_SAMPLES} of the rejected rows, first ones
 *     first
 * @param isRaw {@code is_raw} as sent (false when absent); informational only
 * @param appIds {@code app_ids} as text, empty when absent
 * @param pageIds {@code page_ids} as text, empty when absent
 * @param dataSource {@code data_source}, or null when absent
 */
public record ValidatedPayload(
    List<SchemaKey> schema,
    SchemaForm schemaForm,
    int rowsReceived,
    RowBlock rows,
    int invalidEntries,
    List<InvalidEntry> invalidSamples,
    boolean isRaw,
    List<String> appIds,
    List<String> pageIds,
    @Nullable DataSource dataSource) {

  /** How {@code payload.schema} was written. */
  public enum SchemaForm {
    /** {@code "schema": "EMAIL_SHA256"}. */
    SINGLE_KEY,
    /** {@code "schema": ["EMAIL", "PHONE"]}, also with one key. */
    KEY_ARRAY
  }

  public ValidatedPayload {
    schema = List.copyOf(schema);
    invalidSamples = List.copyOf(invalidSamples);
    appIds = List.copyOf(appIds);
    pageIds = List.copyOf(pageIds);
  }
}
