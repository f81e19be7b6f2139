package dev.matchlist.server.graph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} / {@code 127.0.0.1} / {@code ::1}, created once
 * in {@code <dataDirectory>/tls/} (a PKCS12 keystore and its random password, both owner-only) and
 * reused on every later start, so that clients can trust it once.
 *
 * <p>It is made by the JDK's own {@code keytool}, run as a process: the JDK has no public API to
 * sign a certificate, and keytool avoids shipping BouncyCastle (~9 MB) for a one-time step. A JDK
 * runtime without {@code bin/keytool} (a jlink image) fails here with a message saying so.
 */
record SelfSignedCertificate(Path keystore, String password) {

  static final String ALIAS = "matchlist";
  private static final String KEYSTORE_FILE = "self-signed.p12";
  private static final String PASSWORD_FILE = "self-signed.password";

  /** Loads the certificate of the data directory, creating it on first use. */
  static SelfSignedCertificate loadOrCreate(Path dataDirectory) {
    Path directory = dataDirectory.resolve("tls");
    Path keystore = directory.resolve(KEYSTORE_FILE);
    Path passwordFile = directory.resolve(PASSWORD_FILE);
    try {
      if (Files.isRegularFile(keystore) && Files.isRegularFile(passwordFile)) {
        return new SelfSignedCertificate(keystore, Files.readString(passwordFile).strip());
      }
      Files.createDirectories(directory);
      byte[] secret = new byte[18];
      new SecureRandom().nextBytes(secret);
      String password = HexFormat.of().formatHex(secret);
      Path temporary = Files.createTempFile(directory, "self-signed", ".tmp");
      Files.delete(temporary); // keytool refuses to write into an existing empty file
      runKeytool(temporary, password);
      writeOwnerOnly(passwordFile, password);
      restrictToOwner(temporary);
      move(temporary, keystore);
      return new SelfSignedCertificate(keystore, password);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the self-signed certificate in " + directory, e);
    }
  }

  private static void runKeytool(Path keystore, String password) throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    if (!Files.isExecutable(keytool)) {
      throw new IOException(
          "no keytool at "
              + keytool
              + ": run on a full JDK, or give a PKCS12 keystore instead of a self-signed certificate");
    }
    List<String> command = new ArrayList<>();
    command.addAll(List.of(keytool.toString(), "-genkeypair", "-noprompt", "-alias", ALIAS));
    command.addAll(List.of("-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA"));
    command.addAll(List.of("-dname", "CN=localhost, O=Matchlist", "-validity", "3650"));
    command.addAll(List.of("-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:0:0:0:0:0:0:0:1"));
    command.addAll(List.of("-storetype", "PKCS12", "-keystore", keystore.toString()));
    command.addAll(List.of("-storepass", password, "-keypass", password));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("keytool failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while keytool ran", e);
    }
  }

  private static void writeOwnerOnly(Path file, String content) throws IOException {
    Files.writeString(file, content + "\n");
    restrictToOwner(file);
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the data directory's ACL applies
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
