package dev.matchlist.server.matching;

import static dev.matchlist.server.matching.MatcherFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.payload.RowBlock;
import dev.matchlist.server.matching.MatcherFixture.MapIdentities;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MatcherRowResolverTest {
  private static final List<SchemaKey> SCHEMA =
      List.of(SchemaKey.PHONE, SchemaKey.EMAIL, SchemaKey.FN, SchemaKey.LN, SchemaKey.ZIP);

  /**
   * Two formulations: the grouped {@code matchBase} (16 rows, kind by kind) and {@code personOf}
   * row by row, over seeded random rows whose keys name different people, are absent or unknown.
   */
  @Test
  void groupedMatchingAgreesWithRowByRowOnPersonAndKind() {
    SplittableRandom random = new SplittableRandom(2026);
    MapIdentities identities = new MapIdentities();
    for (int p = 0; p < 40; p++) {
      identities.with(IdentityKind.EMAIL, "e" + p, p);
      identities.with(IdentityKind.PHONE, "p" + p, 100 + p);
      identities.withComposite(IdentityKind.FN_LN_ZIP, 200 + p, "f" + p, "l" + p, "z" + p);
    }
    String[][] cells = new String[157][];
    for (int r = 0; r < cells.length; r++) {
      cells[r] =
          new String[] {
            cell(random, "p"), cell(random, "e"), cell(random, "f"), "l" + r % 60, "z" + r % 60
          };
      if (cells[r][2] != null) {
        cells[r][2] = "f" + r % 60; // names line up with the row so some combinations match
      }
    }
    RowBlock rows = rows(SCHEMA, cells);
    MatcherRowResolver grouped = new MatcherRowResolver(identities);
    grouped.use(rows);
    int[] persons = new int[rows.size()];
    byte[] kinds = new byte[rows.size()];

    grouped.matchBase(persons, kinds);

    MatcherRowResolver single = new MatcherRowResolver(identities);
    single.use(rows);
    int matched = 0;
    for (int r = 0; r < rows.size(); r++) {
      int person = single.personOf(r);
      assertThat(persons[r]).as("row %d", r).isEqualTo(person);
      if (person != IdentityLookup.NO_PERSON) {
        matched++;
        assertThat(IdentityKind.values()[kinds[r]]).as("row %d", r).isEqualTo(single.lastKind());
      }
    }
    assertThat(matched).isBetween(40, 150);
  }

  /** A cell naming one of 60 values (40 known), or absent a quarter of the time. */
  private static String cell(SplittableRandom random, String prefix) {
    return random.nextInt(4) == 0 ? null : prefix + random.nextInt(60);
  }
}
