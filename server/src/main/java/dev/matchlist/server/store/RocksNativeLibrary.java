package dev.matchlist.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.rocksdb.NativeLibraryLoader;
import org.rocksdb.RocksDB;

/**
 * Loads RocksDB's native library without leaving a copy behind.
 *
 * <p>By default RocksJava extracts its 15 MB library to a new temp file each time a JVM starts and
 * deletes it only on an orderly exit, so every process that is killed or halts (the server on
 * SIGTERM, tests that kill -9 a child) leaves one in /tmp: gigabytes within days. Here the library
 * is extracted into a directory of this process's own and unlinked as soon as it is loaded (a
 * loaded library stays mapped on Linux and macOS), so at most a crash in the millisecond between
 * leaves a file.
 */
final class RocksNativeLibrary {
  private static boolean loaded;

  private RocksNativeLibrary() {}

  /** Loads the library once per JVM; later calls do nothing. */
  static synchronized void load() {
    if (loaded) {
      return;
    }
    try {
      Path own = Files.createTempDirectory("matchlist-rocksdb-");
      try {
        NativeLibraryLoader.getInstance().loadLibrary(own.toString());
      } finally {
        deleteQuietly(own);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load RocksDB's native library", e);
    }
    RocksDB.loadLibrary(); // finds it loaded; sets RocksJava's own "loaded" state
    loaded = true;
  }

  /** Best effort: where a loaded library cannot be unlinked (Windows), it stays until exit. */
  private static void deleteQuietly(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        if (!file.toFile().delete()) {
          file.toFile().deleteOnExit();
        }
      }
    } catch (IOException e) {
      return;
    }
    if (!directory.toFile().delete()) {
      directory.toFile().deleteOnExit();
    }
  }
}
