package dev.matchlist.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RawHttpConnectionTest {

  @Test
  void readsChunkedAndSizedAnswersOnOneKeptAliveConnection() throws Exception {
    List<String> answers =
        List.of(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n",
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 7\r\n\r\n{\"e\":2}");
    try (ServerSocket server = new ServerSocket(0)) {
      CompletableFuture<Integer> served = serve(server, answers);
      UploadBody body =
          new UploadBody("{\"x\":1}".getBytes(StandardCharsets.UTF_8), "application/json");
      try (RawHttpConnection http =
          new RawHttpConnection(URI.create("http://127.0.0.1:" + server.getLocalPort()))) {
        byte[] head = http.head("/v21.0/1/users", body);

        RawHttpConnection.Answer first = http.send(head, body.bytes());
        RawHttpConnection.Answer second = http.send(head, body.bytes());

        assertThat(first).isEqualTo(new RawHttpConnection.Answer(200, "{\"a\":1}"));
        assertThat(second).isEqualTo(new RawHttpConnection.Answer(400, "{\"e\":2}"));
      }
      assertThat(served.get()).as("requests on the one connection").isEqualTo(2);
    }
  }

  /** Accepts one connection and answers each request (read up to its body) with the next answer. */
  private static CompletableFuture<Integer> serve(ServerSocket server, List<String> answers) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            for (String answer : answers) {
              int length = contentLength(readHead(in));
              in.readNBytes(length);
              socket.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
            }
            return answers.size();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      head.write(in.read());
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        return Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    return 0;
  }
}
