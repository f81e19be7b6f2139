package dev.matchlist.cli.hash;

import java.io.IOException;

/**
 * Writing the hashed CSV failed (disk full, closed pipe...). FastCSV reports read and write
 * failures alike as {@link java.io.UncheckedIOException}; this tells them apart.
 */
final class OutputFailedException extends RuntimeException {
  OutputFailedException(IOException cause) {
    super(cause.getMessage(), cause);
  }
}
