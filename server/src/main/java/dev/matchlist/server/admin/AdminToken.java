package dev.matchlist.server.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The operator's admin token: written once, on first start, to {@code admin-token} in the data
 * directory, readable by its owner only (0600). {@code matchlist admin} commands read it from
 * there; the admin API accepts nothing else.
 */
public final class AdminToken {
  public static final String FILE_NAME = "admin-token";

  private final byte[] token;

  private AdminToken(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  /** Reads the data directory's admin token, creating it (0600) if there is none yet. */
  public static AdminToken loadOrCreate(Path dataDirectory) {
    Path file = dataDirectory.resolve(FILE_NAME);
    try {
      Files.createDirectories(dataDirectory);
      if (!Files.exists(file)) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String token = "MLADMIN" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try {
          // Created with its final permissions, so there is no moment it is readable by others.
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, token + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException raced) {
          // Another process created it first: use theirs.
        }
      }
      return new AdminToken(Files.readString(file).strip());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the admin token " + file, e);
    }
  }

  /** Whether {@code presented} is the admin token, compared in constant time. */
  public boolean matches(String presented) {
    return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }

  /** The token itself, for the local admin CLI and the demo's JSON line. */
  public String value() {
    return new String(token, StandardCharsets.UTF_8);
  }
}
