package dev.matchlist.server.matching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.core.normalize.Normalizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntheticPopulationTest {
  private final Normalizer normalizer = Normalizer.builder().defaultRegion("US").build();
  private final SyntheticPopulation population = SyntheticPopulation.generate(250_000, 5);

  private int personOfRawRow(Map<SchemaKey, String> raw) {
    List<PersonIdentifier> ids = PersonRow.of("x", raw).identifiers(normalizer).identifiers();
    assertThat(ids).hasSize(1);
    return population.personOf(ids.get(0).kind(), ids.get(0).hash(), 0);
  }

  @Test
  void rawEmailsAndPhonesAsAnAdvertiserWouldWriteThemMatchTheirPerson() {
    assertThat(personOfRawRow(Map.of(SchemaKey.EMAIL, "User1234@Example.com"))).isEqualTo(1234);
    assertThat(personOfRawRow(Map.of(SchemaKey.PHONE, "+1 (555) 012-3456"))).isEqualTo(123456);
    assertThat(personOfRawRow(Map.of(SchemaKey.EMAIL, "user250000@example.com")))
        .isEqualTo(IdentityLookup.NO_PERSON);
  }

  @Test
  void nameAndZipTogetherMatchTheirPerson() {
    int person = 123_457;
    int found =
        personOfRawRow(
            Map.of(
                SchemaKey.FN, population.firstName(person).toUpperCase(),
                SchemaKey.LN, population.lastName(person),
                SchemaKey.ZIP, SyntheticPopulation.zip(person)));

    assertThat(found).isEqualTo(person);
  }

  @Test
  void theSeedDecidesTheNamesAndTheSameSeedRegeneratesTheSamePeople() {
    SyntheticPopulation other = SyntheticPopulation.generate(10, 6);
    SyntheticPopulation same = SyntheticPopulation.generate(10, 5);

    assertThat(other.firstName(3) + other.lastName(3))
        .isNotEqualTo(population.firstName(3) + population.lastName(3));
    assertThat(same.firstName(3) + same.lastName(3))
        .isEqualTo(population.firstName(3) + population.lastName(3));
    assertThat(same.index().size()).isEqualTo(30);
  }

  @Test
  void userIdsAndPersonIdsMapBothWays() {
    assertThat(population.userIdOf(42)).contains("user42");
    assertThat(population.personOfUser("user42")).isEqualTo(42);
    assertThat(population.personOfUser("user042")).isEqualTo(IdentityLookup.NO_PERSON);
    assertThat(population.personOfUser("user250000")).isEqualTo(IdentityLookup.NO_PERSON);
    assertThat(population.personOfUser("userx")).isEqualTo(IdentityLookup.NO_PERSON);
    assertThat(population.personOfUser("user")).isEqualTo(IdentityLookup.NO_PERSON);
    assertThat(population.userIdOf(250_000)).isEmpty();
  }
}
