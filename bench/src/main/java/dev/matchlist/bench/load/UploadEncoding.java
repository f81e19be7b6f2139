package dev.matchlist.bench.load;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How an upload's parameters travel in the request body, as the three kinds of clients send them: a
 * urlencoded form (the seed's raw {@code curl --data-urlencode} example), multipart/form-data (the
 * official Java SDK), and a JSON object with the payload nested as JSON (the Node SDK).
 */
public enum UploadEncoding {
  FORM,
  MULTIPART,
  JSON;

  private static final String BOUNDARY = "----matchlist-bench-7d3f9a";

  /** The body that carries {@code access_token} and the payload JSON {@code payload}. */
  public UploadBody encode(String token, byte[] payload) {
    return switch (this) {
      case FORM -> form(token, payload);
      case MULTIPART -> multipart(token, payload);
      case JSON -> json(token, payload);
    };
  }

  /** The option's spelling, lower case. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  private static UploadBody form(String token, byte[] payload) {
    String text =
        "access_token="
            + URLEncoder.encode(token, StandardCharsets.UTF_8)
            + "&payload="
            + URLEncoder.encode(
                new String(payload, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    return new UploadBody(
        text.getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded");
  }

  private static UploadBody multipart(String token, byte[] payload) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(payload.length + 512);
    part(body, "access_token", token.getBytes(StandardCharsets.UTF_8));
    part(body, "payload", payload);
    body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return new UploadBody(body.toByteArray(), "multipart/form-data; boundary=" + BOUNDARY);
  }

  private static void part(ByteArrayOutputStream body, String name, byte[] value) {
    String head =
        "--"
            + BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\""
            + name
            + "\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n";
    body.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(value);
    body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static UploadBody json(String token, byte[] payload) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(payload.length + 128);
    // The token is a plain [A-Za-z0-9] string; the payload is already JSON and nests as is.
    body.writeBytes(
        ("{\"access_token\":\"" + token + "\",\"payload\":").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(payload);
    body.writeBytes("}".getBytes(StandardCharsets.US_ASCII));
    return new UploadBody(body.toByteArray(), "application/json");
  }
}
