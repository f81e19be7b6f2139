package dev.matchlist.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.matchlist.core.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksCatalogTest {
  @TempDir Path dir;

  @Test
  void anIssuedTokenResolvesToItsGrant() {
    try (RocksStore store = RocksStore.open(dir)) {
      Catalog catalog = new RocksCatalog(store, Clock.systemUTC());
      Catalog.App app = catalog.createApp("shop", false);
      Catalog.AdAccount account = catalog.createAdAccount("shop ads", app.id());

      Catalog.IssuedToken issued = catalog.issueToken("ci", app.id(), Set.of(account.id()));

      assertThat(catalog.grantFor(issued.token())).contains(issued.grant());
      assertThat(issued.grant().adAccountIds()).containsExactly(account.id());
    }
  }

  @Test
  void tokensCarryAtLeast128BitsAndDiffer() {
    try (RocksStore store = RocksStore.open(dir)) {
      Catalog catalog = new RocksCatalog(store, Clock.systemUTC());
      Catalog.App app = catalog.createApp("shop", false);
      String a = catalog.issueToken("a", app.id(), Set.of()).token();
      String b = catalog.issueToken("b", app.id(), Set.of()).token();

      assertThat(a).isNotEqualTo(b);
      // base64url: 6 bits a character, after the 2-character prefix
      assertThat((a.length() - 2) * 6).isGreaterThanOrEqualTo(128);
    }
  }

  @Test
  void unknownAndRevokedTokensResolveToNothing() {
    try (RocksStore store = RocksStore.open(dir)) {
      Catalog catalog = new RocksCatalog(store, Clock.systemUTC());
      Catalog.App app = catalog.createApp("shop", false);
      Catalog.IssuedToken issued = catalog.issueToken("ci", app.id(), Set.of());

      assertThat(catalog.grantFor(issued.token() + "x")).isEmpty();
      assertThat(catalog.isRevoked(issued.token())).isFalse();
      assertThat(catalog.revokeToken(issued.grant().id())).isTrue();
      assertThat(catalog.grantFor(issued.token())).isEmpty();
      assertThat(catalog.isRevoked(issued.token())).isTrue();
      assertThat(catalog.isRevoked(issued.token() + "x")).isFalse();
      assertThat(catalog.tokens()).singleElement().satisfies(g -> assertThat(g.revoked()).isTrue());
      assertThat(catalog.revokeToken("123")).isFalse();
    }
  }

  @Test
  void theTokenItselfIsNeverStored() throws Exception {
    String token;
    try (RocksStore store = RocksStore.open(dir)) {
      Catalog catalog = new RocksCatalog(store, Clock.systemUTC());
      Catalog.App app = catalog.createApp("shop", false);
      token = catalog.issueToken("ci", app.id(), Set.of()).token();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content =
            new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(content).as(file.toString()).doesNotContain(token);
      }
    }
    // ...while its hash is what the store keys on (so the scan above could have found text).
    try (Stream<Path> files = Files.walk(dir)) {
      String hash = Sha256.hex(token);
      boolean found = false;
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        found |=
            new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains(hash);
      }
      assertThat(found).isTrue();
    }
  }

  @Test
  void recordsSurviveReopening() {
    String appId;
    String token;
    try (RocksStore store = RocksStore.open(dir)) {
      Catalog catalog = new RocksCatalog(store, Clock.systemUTC());
      Catalog.App app = catalog.createApp("shop", true);
      appId = app.id();
      Catalog.AdAccount account = catalog.createAdAccount("ads", appId);
      token = catalog.issueToken("ci", appId, Set.of(account.id())).token();
    }
    try (RocksStore store = RocksStore.open(dir)) {
      Catalog catalog = new RocksCatalog(store, Clock.systemUTC());
      assertThat(catalog.app(appId)).hasValueSatisfying(a -> assertThat(a.requireProof()).isTrue());
      assertThat(catalog.apps()).hasSize(1);
      assertThat(catalog.adAccounts()).hasSize(1);
      assertThat(catalog.grantFor(token)).isPresent();
    }
  }

  @Test
  void idsAreSixteenDigitNumericStrings() {
    try (RocksStore store = RocksStore.open(dir)) {
      Catalog catalog = new RocksCatalog(store, Clock.systemUTC());
      Catalog.App app = catalog.createApp("shop", false);
      assertThat(app.id()).matches("[1-9][0-9]{15}");
      assertThat(catalog.createAdAccount("ads", app.id()).id()).matches("[1-9][0-9]{15}");
    }
  }

  @Test
  void grantsNeedExistingAppsAndAccounts() {
    try (RocksStore store = RocksStore.open(dir)) {
      Catalog catalog = new RocksCatalog(store, Clock.systemUTC());
      Catalog.App app = catalog.createApp("shop", false);
      assertThatThrownBy(() -> catalog.createAdAccount("ads", "42"))
          .hasMessageContaining("no app with id 42");
      assertThatThrownBy(() -> catalog.issueToken("ci", app.id(), Set.of("7")))
          .hasMessageContaining("no ad account with id 7");
    }
  }

  private static Catalog.AudienceSpec spec(String accountId, String name) {
    return new Catalog.AudienceSpec(
        accountId, name, "", "CUSTOM", "USER_PROVIDED_ONLY", false, 0, "");
  }

  @Test
  void audiencesAreListedPerAccountNewestFirst() {
    java.util.concurrent.atomic.AtomicLong seconds =
        new java.util.concurrent.atomic.AtomicLong(1_700_000_000);
    Clock ticking =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public java.time.Instant instant() {
            return java.time.Instant.ofEpochSecond(seconds.incrementAndGet());
          }
        };
    try (RocksStore store = RocksStore.open(dir)) {
      Catalog catalog = new RocksCatalog(store, ticking);
      Catalog.App app = catalog.createApp("shop", false);
      String a = catalog.createAdAccount("a", app.id()).id();
      String b = catalog.createAdAccount("b", app.id()).id();
      Catalog.Audience first = catalog.createAudience(spec(a, "first"));
      Catalog.Audience second = catalog.createAudience(spec(a, "second"));
      catalog.createAudience(spec(b, "other account"));

      assertThat(catalog.audiences(a))
          .extracting(Catalog.Audience::id)
          .containsExactly(second.id(), first.id());
      assertThat(catalog.audiences(b))
          .extracting(x -> x.spec().name())
          .containsExactly("other account");
    }
  }

  @Test
  void aDeletedAudienceIsGoneFromReadsListsAndUpdates() {
    try (RocksStore store = RocksStore.open(dir)) {
      Catalog catalog = new RocksCatalog(store, Clock.systemUTC());
      Catalog.App app = catalog.createApp("shop", false);
      String account = catalog.createAdAccount("a", app.id()).id();
      Catalog.Audience audience = catalog.createAudience(spec(account, "gone"));

      assertThat(catalog.deleteAudience(audience.id())).isTrue();

      assertThat(catalog.audience(audience.id())).isEmpty();
      assertThat(catalog.audiences(account)).isEmpty();
      assertThat(catalog.modifyAudience(audience.id(), a -> a)).isEmpty();
      assertThat(catalog.deleteAudience(audience.id())).isFalse();
    }
  }

  @Test
  void anUpdatedAudienceKeepsItsIdAndCreationTime() {
    try (RocksStore store = RocksStore.open(dir)) {
      Catalog catalog = new RocksCatalog(store, Clock.systemUTC());
      Catalog.App app = catalog.createApp("shop", false);
      String account = catalog.createAdAccount("a", app.id()).id();
      Catalog.Audience audience = catalog.createAudience(spec(account, "old"));

      Catalog.Audience renamed =
          audience.withSpec(spec(account, "new"), audience.timeCreated() + 5);
      assertThat(catalog.modifyAudience(audience.id(), a -> renamed)).contains(renamed);

      assertThat(catalog.audience(audience.id())).contains(renamed);
      assertThat(catalog.audiences(account))
          .extracting(x -> x.spec().name())
          .containsExactly("new");
    }
  }

  @Test
  void audienceCountCountsOnlyTheAccountsLiveAudiences() {
    try (RocksStore store = RocksStore.open(dir)) {
      Catalog catalog = new RocksCatalog(store, Clock.systemUTC());
      Catalog.App app = catalog.createApp("shop", false);
      String a = catalog.createAdAccount("a", app.id()).id();
      String b = catalog.createAdAccount("b", app.id()).id();
      catalog.createAudience(spec(a, "one"));
      Catalog.Audience two = catalog.createAudience(spec(a, "two"));
      catalog.createAudience(spec(b, "other"));
      catalog.deleteAudience(two.id());

      assertThat(catalog.audienceCount(a)).isEqualTo(1);
      assertThat(catalog.audienceCount(b)).isEqualTo(1);
      assertThat(catalog.audienceCount("42")).isZero();
    }
  }

  @Test
  void pagesAfterAndBeforeAPositionWalkTheListingBothWays() {
    try (RocksStore store = RocksStore.open(dir)) {
      Catalog catalog = new RocksCatalog(store, Clock.systemUTC());
      Catalog.App app = catalog.createApp("shop", false);
      String a = catalog.createAdAccount("a", app.id()).id();
      String b = catalog.createAdAccount("b", app.id()).id();
      for (int i = 0; i < 5; i++) {
        catalog.createAudience(spec(a, "a" + i));
        catalog.createAudience(spec(b, "b" + i));
      }
      List<String> all = catalog.audiences(a).stream().map(Catalog.Audience::id).toList();

      List<Catalog.ListedAudience> first = catalog.audiencesAfter(a, null, 2);
      List<Catalog.ListedAudience> second = catalog.audiencesAfter(a, first.get(1).position(), 2);
      List<Catalog.ListedAudience> third = catalog.audiencesAfter(a, second.get(1).position(), 2);
      List<Catalog.ListedAudience> backToFirst =
          catalog.audiencesBefore(a, second.get(0).position(), 2);

      assertThat(ids(first)).isEqualTo(all.subList(0, 2));
      assertThat(ids(second)).isEqualTo(all.subList(2, 4));
      assertThat(ids(third)).isEqualTo(all.subList(4, 5));
      assertThat(ids(backToFirst)).isEqualTo(all.subList(0, 2));
      assertThat(catalog.audiencesBefore(a, first.get(0).position(), 2)).isEmpty();
      assertThat(catalog.audiencesAfter(a, third.get(0).position(), 2)).isEmpty();
    }
  }

  @Test
  void aPositionStaysUsableAfterItsAudienceIsDeleted() {
    try (RocksStore store = RocksStore.open(dir)) {
      Catalog catalog = new RocksCatalog(store, Clock.systemUTC());
      Catalog.App app = catalog.createApp("shop", false);
      String a = catalog.createAdAccount("a", app.id()).id();
      for (int i = 0; i < 3; i++) {
        catalog.createAudience(spec(a, "a" + i));
      }
      List<Catalog.ListedAudience> all = catalog.audiencesAfter(a, null, 10);
      catalog.deleteAudience(all.get(1).audience().id());

      assertThat(ids(catalog.audiencesAfter(a, all.get(1).position(), 10)))
          .containsExactly(all.get(2).audience().id());
      assertThat(ids(catalog.audiencesBefore(a, all.get(1).position(), 10)))
          .containsExactly(all.get(0).audience().id());
    }
  }

  @Test
  void listingPositionsRoundTripThroughTextAndRefuseAnythingElse() {
    Catalog.ListingPosition position = new Catalog.ListingPosition(1_700_000_000L, "123456");

    assertThat(Catalog.ListingPosition.parse(position.text())).contains(position);
    assertThat(Catalog.ListingPosition.parse("1700000000.12/3")).isEmpty();
    assertThat(Catalog.ListingPosition.parse("x.1")).isEmpty();
    assertThat(Catalog.ListingPosition.parse("")).isEmpty();
  }

  private static List<String> ids(List<Catalog.ListedAudience> listed) {
    return listed.stream().map(l -> l.audience().id()).toList();
  }

  @Test
  void concurrentModificationsOfOneAudienceNeverUndoEachOther() throws Exception {
    try (RocksStore store = RocksStore.open(dir)) {
      Catalog catalog = new RocksCatalog(store, Clock.systemUTC());
      Catalog.App app = catalog.createApp("shop", false);
      String account = catalog.createAdAccount("a", app.id()).id();
      Catalog.Audience audience = catalog.createAudience(spec(account, "n"));

      Thread renamer =
          new Thread(
              () -> {
                for (int i = 0; i < 300; i++) {
                  String name = "name" + i;
                  catalog.modifyAudience(
                      audience.id(), a -> a.withSpec(withName(a.spec(), name), 1));
                }
              });
      renamer.start();
      for (int i = 0; i < 300; i++) {
        String source = "FILE_IMPORTED.S" + i;
        catalog.modifyAudience(audience.id(), a -> a.withDataSource(source, 1));
      }
      renamer.join();

      Catalog.Audience last = catalog.audience(audience.id()).orElseThrow();
      assertThat(last.spec().name()).isEqualTo("name299");
      assertThat(last.dataSource()).isEqualTo("FILE_IMPORTED.S299");
    }
  }

  private static Catalog.AudienceSpec withName(Catalog.AudienceSpec s, String name) {
    return new Catalog.AudienceSpec(
        s.adAccountId(),
        name,
        s.description(),
        s.subtype(),
        s.customerFileSource(),
        s.isValueBased(),
        s.retentionDays(),
        s.optOutLink());
  }
}
