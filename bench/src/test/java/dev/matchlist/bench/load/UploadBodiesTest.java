package dev.matchlist.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.Sha256;
import dev.matchlist.core.payload.PayloadParser;
import dev.matchlist.core.payload.RowBlock;
import dev.matchlist.core.payload.ValidatedPayload;
import dev.matchlist.server.graph.UploadDecoding;
import dev.matchlist.server.matching.SyntheticPopulation;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UploadBodiesTest {

  @ParameterizedTest
  @EnumSource(UploadEncoding.class)
  void everyEncodingCarriesAllRowsThroughTheServersDecoder(UploadEncoding encoding)
      throws Exception {
    UploadBody body = encoding.encode("EAABtoken", KeySet.FIVE.payload(0, 50, 1_000));

    ValidatedPayload payload =
        UploadDecoding.payload(body.bytes(), body.contentType(), new PayloadParser());

    assertThat(payload.rowsReceived()).isEqualTo(50);
    assertThat(payload.invalidEntries()).isZero();
    assertThat(payload.rows().schema())
        .containsExactly(
            SchemaKey.EMAIL, SchemaKey.PHONE, SchemaKey.FN, SchemaKey.LN, SchemaKey.ZIP);
  }

  @Test
  void rowsNameConsecutivePeopleAndWrapAtTheModulus() throws Exception {
    RowBlock rows = new PayloadParser().parse(KeySet.SINGLE.payload(998, 4, 1_000)).rows();

    assertThat(emailHash(rows, 0)).isEqualTo(Sha256.hex(SyntheticPopulation.email(998)));
    assertThat(emailHash(rows, 1)).isEqualTo(Sha256.hex(SyntheticPopulation.email(999)));
    assertThat(emailHash(rows, 2)).isEqualTo(Sha256.hex(SyntheticPopulation.email(0)));
  }

  @Test
  void loadBodiesNameEveryPersonOnceScatteredOverThePopulation() throws Exception {
    int population = 1_000;
    Map<String, Integer> personOfHash = new HashMap<>();
    for (int p = 0; p < population; p++) {
      personOfHash.put(Sha256.hex(SyntheticPopulation.email(p)), p);
    }
    Set<Integer> named = new HashSet<>();
    int consecutive = 0;
    for (byte[] payload : KeySet.SINGLE.loadPayloads(population, 100, Long.MAX_VALUE)) {
      RowBlock rows = new PayloadParser().parse(payload).rows();
      for (int r = 0; r < rows.size(); r++) {
        Integer person = personOfHash.get(emailHash(rows, r));
        assertThat(person).as("row %d names a person of the population", r).isNotNull();
        assertThat(named.add(person)).as("person %d named twice", person).isTrue();
        if (r > 0 && person == personOfHash.get(emailHash(rows, r - 1)) + 1) {
          consecutive++;
        }
      }
    }
    assertThat(named).hasSize(population);
    assertThat(consecutive).isLessThan(10);
  }

  @Test
  void loadBodiesStopAtTheByteBudget() {
    List<byte[]> payloads = KeySet.SINGLE.loadPayloads(1_000_000, 10_000, 1);

    assertThat(payloads).hasSize(1);
  }

  @Test
  void probesKeepATenthOfThePopulationInWholeBatches() {
    assertThat(LoadGenerator.probeReserve(10_000)).isEqualTo(1_000);
    assertThat(LoadGenerator.probeReserve(50_000_000)).isEqualTo(100_000);
    // At least three batches: one waits for the seed batches, one measures, one waits for the
    // drain.
    assertThat(LoadGenerator.probeReserve(1_000)).isEqualTo(300);
  }

  private static String emailHash(RowBlock rows, int row) {
    byte[] hash = new byte[RowBlock.IDENTIFIER_BYTES];
    rows.copyIdentifier(rows.columnOf(SchemaKey.EMAIL), row, hash, 0);
    return HexFormat.of().formatHex(hash);
  }
}
