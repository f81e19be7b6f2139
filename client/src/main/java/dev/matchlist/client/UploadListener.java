package dev.matchlist.client;

/**
 * Told how an upload is going, for a progress bar or a log line. Called from the uploading threads
 * (never concurrently with itself); must return quickly.
 */
@FunctionalInterface
public interface UploadListener {
  UploadListener NONE = progress -> {};

  void onProgress(UploadProgress progress);
}
