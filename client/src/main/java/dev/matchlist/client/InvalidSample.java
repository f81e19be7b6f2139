package dev.matchlist.client;

import dev.matchlist.core.SchemaKey;
import org.jspecify.annotations.Nullable;

/**
 * Where an invalid cell or a dropped row was, and why. Never the value itself: that is personal
 * data and must not reach logs or reports.
 *
 * @param line the 1-based line in the file where the row starts (for iterator input: the 1-based
 *     row number)
 * @param column the column's header (for iterator input: the schema key name); {@code ""} for a
 *     whole-row problem
 * @param key the key whose cell was invalid; null for a whole-row problem (no valid identifier, or
 *     a field count that differs from the header's)
 * @param reason what is wrong, e.g. "not an email address: no @"
 */
public record InvalidSample(long line, String column, @Nullable SchemaKey key, String reason) {}
