package dev.matchlist.client;

import dev.matchlist.core.SchemaKey;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/** Rows from an iterator: see {@link CustomerRecords#of} and {@link CustomerRecords#hashed}. */
final class IteratorCustomerRecords implements CustomerRecords {
  private final List<SchemaKey> schema;
  private final Iterator<List<String>> rows;
  private final boolean prehashed;

  IteratorCustomerRecords(List<SchemaKey> schema, Iterator<List<String>> rows, boolean prehashed) {
    this.schema = List.copyOf(schema);
    this.rows = Objects.requireNonNull(rows, "rows");
    this.prehashed = prehashed;
    if (this.schema.isEmpty()) {
      throw new IllegalArgumentException("the schema needs at least one key");
    }
  }

  @Override
  public List<SchemaKey> schema() {
    return schema;
  }

  @Override
  public OptionalLong estimatedRows() {
    return OptionalLong.empty();
  }

  @Override
  public void close() {}
}
