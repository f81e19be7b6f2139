package dev.matchlist.core.payload;

import org.jspecify.annotations.Nullable;

/**
 * {@code payload.data_source} as sent, e.g. {@code {"sub_type":"ANYTHING"}}. Values are kept as
 * text, unchecked: the server decides which ones it honours.
 */
public record DataSource(@Nullable String type, @Nullable String subType) {}
