package dev.matchlist.client;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.columns.ColumnMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/** A customer CSV file: see {@link CustomerRecords#csv(Path, ColumnMapping)}. */
final class CsvCustomerRecords implements CustomerRecords {
  private CsvCustomerRecords() {}

  static CsvCustomerRecords open(Path file, @Nullable ColumnMapping mapping) {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public List<SchemaKey> schema() {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public OptionalLong estimatedRows() {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public void close() {}
}
