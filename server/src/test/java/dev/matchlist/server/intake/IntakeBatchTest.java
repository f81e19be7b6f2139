package dev.matchlist.server.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.payload.PayloadParser;
import dev.matchlist.core.payload.RowBlock;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntakeBatchTest {
  static String sha(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static RowBlock rows(String payload) throws Exception {
    return new PayloadParser().parse(payload).rows();
  }

  @Test
  void aMultiKeyBatchSurvivesEncodeAndDecodeCellByCell() throws Exception {
    String a = sha("a@example.com");
    String p = sha("15551234567");
    RowBlock rows =
        rows(
            "{\"schema\":[\"EMAIL\",\"PHONE\",\"MADID\",\"LOOKALIKE_VALUE\",\"DATA_PROCESSING_OPTIONS\","
                + "\"DATA_PROCESSING_OPTIONS_COUNTRY\",\"DATA_PROCESSING_OPTIONS_STATE\"],\"data\":["
                + "[\""
                + a
                + "\",\"\",\"6D92078A-8246-4BA4-AE5B-76104861E7DC\",12.5,[\"LDU\"],1,1000],"
                + "[\"not-a-hash\",\"\",\"\",1,[],0,0],"
                + "[\"\",\""
                + p
                + "\",\"\",\"0.9\",[],\"\",\"\"]]}");
    IntakeBatch batch = new IntakeBatch("42", "777", Operation.REMOVE, 9778993L, 10, 3, rows);

    IntakeBatch back = IntakeBatch.decode(batch.encode());

    assertThat(back.adAccountId()).isEqualTo("42");
    assertThat(back.audienceId()).isEqualTo("777");
    assertThat(back.operation()).isEqualTo(Operation.REMOVE);
    assertThat(back.sessionId()).isEqualTo(9778993L);
    assertThat(back.batchSeq()).isEqualTo(10);
    assertThat(back.rowsReceived()).isEqualTo(3);
    RowBlock r = back.rows();
    assertThat(r.schema()).isEqualTo(rows.schema());
    assertThat(r.size()).isEqualTo(2);
    assertThat(r.originalRow(1)).isEqualTo(2);
    assertThat(r.identifierEquals(0, 0, HexFormat.of().parseHex(a), 0)).isTrue();
    assertThat(r.isPresent(0, 1)).isFalse();
    assertThat(r.identifierEquals(1, 1, HexFormat.of().parseHex(p), 0)).isTrue();
    for (int row = 0; row < 2; row++) {
      for (int c = 0; c < r.schema().size(); c++) {
        assertThat(r.isPresent(c, row)).isEqualTo(rows.isPresent(c, row));
      }
      assertThat(r.identifierPrefix(2, row)).isEqualTo(rows.identifierPrefix(2, row));
    }
    assertThat(r.number(3, 0)).isEqualTo(12.5);
    assertThat(r.number(3, 1)).isEqualTo(0.9);
    assertThat(r.options(4, 0)).isEqualTo(RowBlock.OPTION_LDU);
    assertThat(r.integer(5, 0)).isEqualTo(1);
    assertThat(r.integer(6, 0)).isEqualTo(1000);
  }

  @Test
  void seededRandomSingleKeyBatchesRoundTripAcrossWordBoundaries() throws Exception {
    Random random = new Random(20261130);
    for (int trial = 0; trial < 20; trial++) {
      int n = 1 + random.nextInt(200);
      StringBuilder data = new StringBuilder();
      for (int i = 0; i < n; i++) {
        data.append(i == 0 ? "" : ",")
            .append('"')
            .append(random.nextInt(4) == 0 ? "" : sha("u" + random.nextLong()))
            .append('"');
      }
      RowBlock rows = rows("{\"schema\":\"EMAIL_SHA256\",\"data\":[" + data + "]}");

      RowBlock back =
          IntakeBatch.decode(new IntakeBatch("1", "2", Operation.ADD, 5, 0, n, rows).encode())
              .rows();

      assertThat(back.size()).isEqualTo(rows.size());
      byte[] cell = new byte[32];
      for (int row = 0; row < rows.size(); row++) {
        assertThat(back.originalRow(row)).isEqualTo(rows.originalRow(row));
        rows.copyIdentifier(0, row, cell, 0);
        assertThat(back.identifierEquals(0, row, cell, 0)).isTrue();
      }
    }
  }

  @Test
  void theEncodingHoldsHashesNotTheRequestText() throws Exception {
    String madid = "6D92078A-8246-4BA4-AE5B-76104861E7DC";
    String email = sha("x@example.com");
    RowBlock rows =
        rows("{\"schema\":[\"EMAIL\",\"MADID\"],\"data\":[[\"" + email + "\",\"" + madid + "\"]]}");

    byte[] encoded = new IntakeBatch("1", "2", Operation.ADD, 5, 1, 1, rows).encode();

    String asText = new String(encoded, StandardCharsets.ISO_8859_1);
    assertThat(asText)
        .doesNotContain(madid)
        .doesNotContain(madid.toLowerCase())
        .doesNotContain(email);
    assertThat(encoded.length).isLessThan(150);
    assertThat(rows.schema()).containsExactly(SchemaKey.EMAIL, SchemaKey.MADID);
  }

  @Test
  void anUnknownVersionOrTruncatedBytesAreRefused() throws Exception {
    byte[] encoded =
        new IntakeBatch(
                "1",
                "2",
                Operation.ADD,
                5,
                1,
                1,
                rows("{\"schema\":\"EMAIL\",\"data\":[\"" + sha("a") + "\"]}"))
            .encode();
    byte[] future = encoded.clone();
    future[0] = 2;

    assertThatThrownBy(() -> IntakeBatch.decode(future)).hasMessageContaining("version 2");
    assertThatThrownBy(
            () -> IntakeBatch.decode(java.util.Arrays.copyOf(encoded, encoded.length - 3)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Format 1 as it was first written, through {@link DataOutputStream}: logs written by earlier
   * versions hold these bytes, so the current encoder must write them and the decoder read them.
   */
  private static byte[] formatOneThroughDataOutputStream(IntakeBatch batch) throws IOException {
    RowBlock rows = batch.rows();
    int size = rows.size();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeUTF(batch.adAccountId());
      out.writeUTF(batch.audienceId());
      out.writeUTF(batch.operation().name());
      out.writeLong(batch.sessionId());
      out.writeInt(batch.batchSeq());
      out.writeInt(batch.rowsReceived());
      out.writeInt(size);
      for (int r = 0; r < size; r++) {
        out.writeInt(rows.originalRow(r));
      }
      out.writeShort(rows.schema().size());
      byte[] cell = new byte[32];
      for (int c = 0; c < rows.schema().size(); c++) {
        SchemaKey key = rows.schema().get(c);
        out.writeUTF(key.name());
        long[] present = new long[(size + 63) / 64];
        for (int r = 0; r < size; r++) {
          if (rows.isPresent(c, r)) {
            present[r / 64] |= 1L << (r % 64);
          }
        }
        for (long word : present) {
          out.writeLong(word);
        }
        for (int r = 0; r < size; r++) {
          switch (key.cellKind()) {
            case HASH, CLEAR_ID -> {
              rows.copyIdentifier(c, r, cell, 0);
              out.write(cell);
            }
            case NUMBER -> out.writeDouble(rows.number(c, r));
            case INTEGER -> out.writeInt(rows.integer(c, r));
            case OPTIONS -> out.writeInt(rows.options(c, r));
          }
        }
      }
    }
    return bytes.toByteArray();
  }

  private static IntakeBatch everyCellKindBatch(String adAccountId) throws Exception {
    Random random = new Random(6);
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < 130; i++) {
      data.append(i == 0 ? "" : ",")
          .append("[\"")
          .append(i % 5 == 0 ? "" : sha("e" + random.nextLong()))
          .append("\",\"")
          .append(i % 3 == 0 ? "" : sha("p" + random.nextLong()))
          .append("\",")
          .append(random.nextInt(100) / 4.0)
          .append(i % 7 == 0 ? ",[\"LDU\"],1,1000]" : ",[],0,0]");
    }
    RowBlock rows =
        rows(
            "{\"schema\":[\"EMAIL\",\"PHONE\",\"LOOKALIKE_VALUE\",\"DATA_PROCESSING_OPTIONS\","
                + "\"DATA_PROCESSING_OPTIONS_COUNTRY\",\"DATA_PROCESSING_OPTIONS_STATE\"],"
                + "\"data\":["
                + data
                + "]}");
    return new IntakeBatch(adAccountId, "120210000000001", Operation.ADD, -7L, 3, 131, rows);
  }

  @Test
  void encodeWritesTheSameBytesAsTheFirstFormatOneEncoder() throws Exception {
    for (String account : List.of("1234567890", "acc\u00fc\u20ac\u0000x")) {
      IntakeBatch batch = everyCellKindBatch(account);

      assertThat(batch.encode()).isEqualTo(formatOneThroughDataOutputStream(batch));
    }
  }

  @Test
  void bytesWrittenByTheFirstFormatOneEncoderStillDecode() throws Exception {
    IntakeBatch batch = everyCellKindBatch("acc\u00fc\u20ac\u0000x");

    IntakeBatch back = IntakeBatch.decode(formatOneThroughDataOutputStream(batch));

    assertThat(back.adAccountId()).isEqualTo("acc\u00fc\u20ac\u0000x");
    assertThat(back.audienceId()).isEqualTo("120210000000001");
    assertThat(back.sessionId()).isEqualTo(-7L);
    assertThat(back.rowsReceived()).isEqualTo(131);
    RowBlock original = batch.rows();
    RowBlock r = back.rows();
    // rows 0, 15, ..., 120 have neither EMAIL nor PHONE: invalid, so gaps in the numbering
    assertThat(r.size()).isEqualTo(original.size()).isEqualTo(121);
    byte[] cell = new byte[32];
    for (int row = 0; row < r.size(); row++) {
      assertThat(r.originalRow(row)).isEqualTo(original.originalRow(row));
      for (int c = 0; c < 2; c++) {
        assertThat(r.isPresent(c, row)).isEqualTo(original.isPresent(c, row));
        original.copyIdentifier(c, row, cell, 0);
        assertThat(r.identifierEquals(c, row, cell, 0)).isTrue();
      }
      assertThat(r.number(2, row)).isEqualTo(original.number(2, row));
      assertThat(r.options(3, row)).isEqualTo(original.options(3, row));
      assertThat(r.integer(4, row)).isEqualTo(original.integer(4, row));
      assertThat(r.integer(5, row)).isEqualTo(original.integer(5, row));
    }
  }

  @Test
  void trailingBytesAreRefused() throws Exception {
    byte[] encoded = everyCellKindBatch("1").encode();

    assertThatThrownBy(
            () -> IntakeBatch.decode(java.util.Arrays.copyOf(encoded, encoded.length + 1)))
        .hasMessageContaining("trailing");
  }
}
