package dev.matchlist.bench.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection over a plain socket that sends pre-built POSTs and reads the
 * answers: the cheapest client there is, so that on a small machine the load generator takes as
 * little CPU from the server as possible (the JDK's HttpClient costs several times more per
 * request). Plain HTTP only; reconnects when the server closes the connection.
 */
final class RawHttpConnection implements Closeable {
  /** A status and the body as text. */
  record Answer(int status, String body) {}

  private final String host;
  private final int port;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  RawHttpConnection(URI base) {
    if (!"http".equals(base.getScheme())) {
      throw new IllegalArgumentException("the load generator speaks plain HTTP only: " + base);
    }
    this.host = base.getHost();
    this.port = base.getPort() < 0 ? 80 : base.getPort();
  }

  /** The request head of a POST of {@code body} to {@code path}, to send with {@link #send}. */
  byte[] head(String path, UploadBody body) {
    return ("POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + ":"
            + port
            + "\r\nContent-Type: "
            + body.contentType()
            + "\r\nContent-Length: "
            + body.bytes().length
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Sends head and body and reads the whole answer. */
  Answer send(byte[] head, byte[] body) throws IOException {
    if (socket == null) {
      connect();
    }
    out.write(head);
    out.write(body);
    out.flush();
    return readAnswer();
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), 10_000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
  }

  private Answer readAnswer() throws IOException {
    String statusLine = line();
    String[] status = statusLine.split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer: " + statusLine);
    }
    int code = Integer.parseInt(status[1]);
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.contains("chunked");
        case "connection" -> close = value.contains("close");
        default -> {}
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (long size = Long.parseLong(line().split(";")[0].trim(), 16);
          size > 0;
          size = Long.parseLong(line().split(";")[0].trim(), 16)) {
        copy(size, body);
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
    } else if (length >= 0) {
      copy(length, body);
    } else {
      in.transferTo(body);
      close = true;
    }
    if (close) {
      close();
    }
    return new Answer(code, body.toString(StandardCharsets.UTF_8));
  }

  private void copy(long length, ByteArrayOutputStream into) throws IOException {
    byte[] bytes = in.readNBytes((int) length);
    if (bytes.length < length) {
      throw new IOException("connection closed in the middle of an answer");
    }
    into.writeBytes(bytes);
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed by the server");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      try {
        socket.close();
      } finally {
        socket = null;
      }
    }
  }
}
