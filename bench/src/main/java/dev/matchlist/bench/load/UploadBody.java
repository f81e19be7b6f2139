package dev.matchlist.bench.load;

/** One ready-to-send request body and its Content-Type. */
public record UploadBody(byte[] bytes, String contentType) {}
