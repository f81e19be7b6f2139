package dev.matchlist.server.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ParamDecoderTest {

  static GraphParams decode(String query, String body, String contentType) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return ParamDecoder.decode(query, bytes, bytes.length, contentType);
  }

  @Test
  void nestedJsonObjectsStaySlicesOfTheBodyBytes() {
    String body = "{\"id\":\"1\",\"payload\":{\"schema\":\"EMAIL\",\"data\":[[\"é\"]]},\"n\":5}";

    GraphParams params = decode(null, body, "application/json");

    ParamValue payload = params.get("payload").orElseThrow();
    assertThat(payload.isNativeJson()).isTrue();
    assertThat(payload.text()).isEqualTo("{\"schema\":\"EMAIL\",\"data\":[[\"é\"]]}");
    assertThat(params.string("n")).hasValue("5");
    assertThat(params.string("id")).hasValue("1");
  }

  @Test
  void nestedArraysAtTheEndOfTheBodyAreSlicedExactly() {
    GraphParams params = decode(null, "  {\"app_ids\" : [1, 2] }  ", "text/plain");

    assertThat(params.get("app_ids").orElseThrow().text()).isEqualTo("[1, 2]");
  }

  @Test
  void jsonNullsCountAsNotSent() {
    GraphParams params = decode("session=s", "{\"session\":null}", "application/json");

    assertThat(params.has("session")).isFalse();
  }

  @Test
  void plusIsASpaceAndAValuelessNameIsEmpty() {
    GraphParams params = decode("name=My+CA&flag&a=1%2B1", "", null);

    assertThat(params.string("name")).hasValue("My CA");
    assertThat(params.string("flag")).hasValue("");
    assertThat(params.string("a")).hasValue("1+1");
  }

  @Test
  void theLastOfRepeatedNamesWins() {
    assertThat(decode("a=1&a=2", "", null).string("a")).hasValue("2");
  }

  @Test
  void aBlankBodyWithAJsonContentTypeSendsNothing() {
    assertThat(decode("a=1", "  \r\n", "application/json").names()).containsExactly("a");
  }

  @Test
  void aFormBodyWithoutContentTypeIsAForm() {
    assertThat(decode(null, "payload=x&access_token=t", null).string("access_token")).hasValue("t");
  }

  @Test
  void multipartPartsKeepTheirBytesAndNames() {
    String boundary = "XyZ";
    String body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"payload\"\r\n\r\n{\"a\":\"ü\"}\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n"
            + "Content-Type: text/csv\r\n\r\nh1,h2\r\n--XyZ--\r\n";

    GraphParams params = decode(null, body, "multipart/form-data; boundary=" + boundary);

    assertThat(params.string("payload")).hasValue("{\"a\":\"ü\"}");
    assertThat(params.string("file")).hasValue("h1,h2");
  }

  @Test
  void trailingContentAfterTheJsonObjectIsRefused() {
    assertThatThrownBy(() -> decode(null, "{\"a\":1} x", "application/json"))
        .isInstanceOf(GraphException.class)
        .hasMessageStartingWith("(#100) Malformed JSON in the request body");
  }

  @Test
  void malformedJsonErrorsGiveLineAndColumn() {
    assertThatThrownBy(() -> decode(null, "{\n  \"a\": tru\n}", "application/json"))
        .isInstanceOf(GraphException.class)
        .hasMessageStartingWith("(#100) Malformed JSON in the request body at line 2, column ");
  }

  @Test
  void multipartWithoutABoundaryIsRefused() {
    assertThatThrownBy(() -> decode(null, "--x\r\n", "multipart/form-data"))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("without a boundary");
  }
}
