package dev.matchlist.client;

import dev.matchlist.core.SchemaKey;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/** Rows from an iterator: see {@link CustomerRecords#of} and {@link CustomerRecords#hashed}. */
final class IteratorCustomerRecords implements CustomerRecords, RowSource {
  private final List<SchemaKey> schema;
  private final Iterator<List<String>> rows;
  private final boolean prehashed;
  private final int[] columns;
  private final List<String> columnNames;
  private long ordinal;

  IteratorCustomerRecords(List<SchemaKey> schema, Iterator<List<String>> rows, boolean prehashed) {
    this.schema = List.copyOf(schema);
    this.rows = Objects.requireNonNull(rows, "rows");
    this.prehashed = prehashed;
    if (this.schema.isEmpty()) {
      throw new IllegalArgumentException("the schema needs at least one key");
    }
    if (this.schema.stream().distinct().count() != this.schema.size()) {
      throw new IllegalArgumentException("a key appears twice in the schema " + this.schema);
    }
    this.columns = new int[this.schema.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = i;
    }
    this.columnNames = this.schema.stream().map(SchemaKey::name).toList();
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
  public int[] columns() {
    return columns.clone();
  }

  @Override
  public List<String> columnNames() {
    return columnNames;
  }

  @Override
  public int countryColumn() {
    return schema.indexOf(SchemaKey.COUNTRY);
  }

  @Override
  public int fieldCount() {
    return schema.size();
  }

  @Override
  public boolean prehashed() {
    return prehashed;
  }

  @Override
  public @Nullable RawChunk next(int max) {
    if (!rows.hasNext()) {
      return null;
    }
    RawChunk.Lists chunk = new RawChunk.Lists(ordinal, max);
    while (chunk.rows.size() < max && rows.hasNext()) {
      chunk.rows.add(Objects.requireNonNull(rows.next(), "a row is null"));
    }
    ordinal += chunk.rows.size();
    return chunk;
  }

  @Override
  public long skip(long count) {
    long skipped = 0;
    while (skipped < count && rows.hasNext()) {
      rows.next();
      skipped++;
    }
    ordinal += skipped;
    return skipped;
  }

  @Override
  public String fingerprint() {
    return "";
  }

  @Override
  public void close() {}
}
