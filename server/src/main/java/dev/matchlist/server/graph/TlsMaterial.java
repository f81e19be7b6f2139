package dev.matchlist.server.graph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server's TLS context and the SHA-256 fingerprint of the certificate it serves, read from a
 * PKCS12 keystore with the JDK's own classes.
 *
 * @param fingerprint {@code AB:CD:…} (upper-case hex, colon-separated, as keytool and openssl
 *     print)
 */
record TlsMaterial(SSLContext sslContext, String fingerprint) {

  static TlsMaterial fromKeystore(Path pkcs12, String password) {
    char[] secret = password.toCharArray();
    try (InputStream in = Files.newInputStream(pkcs12)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, secret);
      Certificate certificate = firstKeyCertificate(store, pkcs12);
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, secret);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return new TlsMaterial(context, fingerprint(certificate));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot read TLS keystore " + pkcs12 + ": " + e.getMessage(), e);
    }
  }

  /** SHA-256 over the certificate's DER encoding. */
  static String fingerprint(Certificate certificate) throws GeneralSecurityException {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
  }

  private static Certificate firstKeyCertificate(KeyStore store, Path pkcs12)
      throws GeneralSecurityException {
    for (String alias : Collections.list(store.aliases())) {
      if (store.isKeyEntry(alias)) {
        return store.getCertificate(alias);
      }
    }
    throw new GeneralSecurityException("no private key entry in " + pkcs12);
  }
}
