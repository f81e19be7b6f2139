package dev.matchlist.server.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ParamValueTest {

  @Test
  void aJsonQuotedFormValueIsTheBareString() {
    ParamValue subtype = ParamValue.ofText("\"CUSTOM\"");

    assertThat(subtype.stringValue()).isEqualTo("CUSTOM");
    assertThat(subtype.asJson().textValue()).isEqualTo("CUSTOM");
    assertThat(subtype.text()).isEqualTo("\"CUSTOM\"");
  }

  @Test
  void aBareWordIsAStringForJsonToo() {
    ParamValue subtype = ParamValue.ofText("CUSTOM");

    assertThat(subtype.stringValue()).isEqualTo("CUSTOM");
    assertThat(subtype.asJson().isTextual()).isTrue();
    assertThat(subtype.asJson().textValue()).isEqualTo("CUSTOM");
  }

  @Test
  void quotesThatAreNotOneJsonStringAreKept() {
    assertThat(ParamValue.ofText("\"a\" and \"b\"").stringValue()).isEqualTo("\"a\" and \"b\"");
  }

  @Test
  void jsonTextBecomesATree() {
    ParamValue session = ParamValue.ofText("{\"session_id\":12,\"last_batch_flag\":true}");

    assertThat(session.asJson().path("session_id").asLong()).isEqualTo(12);
    assertThat(session.asJson().path("last_batch_flag").asBoolean()).isTrue();
  }

  @Test
  void trailingGarbageIsNotJson() {
    assertThat(ParamValue.ofText("5 6").asJson().textValue()).isEqualTo("5 6");
  }

  @Test
  void aByteSliceIsParsedInPlace() throws Exception {
    byte[] body = "xx[\"h1\",\"h2\"]yy".getBytes(StandardCharsets.UTF_8);
    ParamValue slice = ParamValue.ofJsonSlice(body, 2, body.length - 4);

    try (JsonParser parser = slice.jsonParser(GraphJson.FACTORY)) {
      assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
      assertThat(parser.nextTextValue()).isEqualTo("h1");
      assertThat(parser.nextTextValue()).isEqualTo("h2");
      assertThat(parser.nextToken()).isEqualTo(JsonToken.END_ARRAY);
      assertThat(parser.nextToken()).isNull();
    }
    assertThat(slice.size()).isEqualTo(11);
  }

  @Test
  void aTextThatIsNotJsonFailsOnTheStreamingParser() throws Exception {
    try (JsonParser parser = ParamValue.ofText("not json").jsonParser(GraphJson.FACTORY)) {
      assertThatThrownBy(parser::nextToken)
          .isInstanceOf(com.fasterxml.jackson.core.JsonParseException.class);
    }
  }
}
