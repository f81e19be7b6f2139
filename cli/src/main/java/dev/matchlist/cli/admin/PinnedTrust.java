package dev.matchlist.cli.admin;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust for a server with a self-signed certificate: either the one certificate whose SHA-256
 * fingerprint was given ({@code matchlist serve} prints it), or, with {@code --insecure}, any.
 * Pinning replaces the CA and host-name checks, so it is an {@link X509ExtendedTrustManager}: the
 * JDK adds its own host-name check around plain {@code X509TrustManager}s.
 */
final class PinnedTrust extends X509ExtendedTrustManager {
  private final Optional<String> fingerprint;

  private PinnedTrust(Optional<String> fingerprint) {
    this.fingerprint = fingerprint;
  }

  /** An SSL context that accepts only the certificate with this SHA-256 ({@code AB:CD:…}). */
  static SSLContext pinned(String fingerprint) {
    return context(new PinnedTrust(Optional.of(normalize(fingerprint))));
  }

  /** An SSL context that accepts any certificate: for tests and local experiments only. */
  static SSLContext insecure() {
    return context(new PinnedTrust(Optional.empty()));
  }

  /** The fingerprint as upper-case hex without separators, however it was typed. */
  static String normalize(String fingerprint) {
    return fingerprint.replaceAll("[^0-9A-Fa-f]", "").toUpperCase(Locale.ROOT);
  }

  private static SSLContext context(TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has TLS", e);
    }
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    if (fingerprint.isEmpty()) {
      return;
    }
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the server sent no certificate");
    }
    String served;
    try {
      served =
          HexFormat.of()
              .withUpperCase()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new CertificateException(e);
    }
    if (!MessageDigest.isEqual(served.getBytes(), fingerprint.get().getBytes())) {
      throw new CertificateException(
          "the server's certificate has SHA-256 "
              + HexFormat.ofDelimiter(":")
                  .withUpperCase()
                  .formatHex(HexFormat.of().parseHex(served))
              + ", not the pinned fingerprint");
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("a client does not check client certificates");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("a client does not check client certificates");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("a client does not check client certificates");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
