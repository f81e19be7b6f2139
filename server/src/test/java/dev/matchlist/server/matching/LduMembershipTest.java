package dev.matchlist.server.matching;

import static dev.matchlist.server.matching.MatcherFixture.emails;
import static dev.matchlist.server.matching.MatcherFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.core.SchemaKey;
import dev.matchlist.server.intake.Operation;
import dev.matchlist.server.matching.AudienceMembers.LduRegion;
import dev.matchlist.server.matching.MatcherFixture.MapIdentities;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LduMembershipTest {
  @TempDir Path dir;

  private final MapIdentities identities =
      new MapIdentities()
          .with(IdentityKind.EMAIL, "ann@example.com", 1)
          .with(IdentityKind.EMAIL, "bob@example.com", 2)
          .with(IdentityKind.EMAIL, "cy@example.com", 3);

  private static final List<SchemaKey> LDU_SCHEMA =
      List.of(
          SchemaKey.EMAIL,
          SchemaKey.DATA_PROCESSING_OPTIONS,
          SchemaKey.DATA_PROCESSING_OPTIONS_COUNTRY,
          SchemaKey.DATA_PROCESSING_OPTIONS_STATE);

  /** ann with LDU in California, bob with LDU to geolocate, cy without LDU. */
  private static void uploadMixed(MatcherFixture f) {
    f.upload(
        "acc",
        "aud",
        Operation.ADD,
        11,
        rows(
            LDU_SCHEMA,
            new String[] {"ann@example.com", "LDU", "1", "1000"},
            new String[] {"bob@example.com", "LDU", null, null},
            new String[] {"cy@example.com", "", null, null}));
    f.matcher.applyAll();
  }

  @Test
  void rowsWithLduAreCountedAndKeepTheirCountryAndState() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      uploadMixed(f);

      AudienceMembers members = f.membership.members("aud");
      assertThat(members.count()).isEqualTo(3);
      assertThat(members.lduCount()).isEqualTo(2);
      assertThat(members.isLdu(1)).isTrue();
      assertThat(members.isLdu(3)).isFalse();
      assertThat(members.lduRegion(1)).contains(new LduRegion(1, 1000));
      assertThat(members.lduRegion(2)).contains(LduRegion.GEOLOCATE);
      assertThat(members.lduRegion(3)).isEmpty();
    }
  }

  @Test
  void aLaterUploadOfTheSamePersonWithoutLduClearsIt() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      uploadMixed(f);

      f.upload("acc", "aud", Operation.ADD, 12, emails("ann@example.com"));
      f.matcher.applyAll();

      AudienceMembers members = f.membership.members("aud");
      assertThat(members.isLdu(1)).isFalse();
      assertThat(members.lduRegion(1)).isEmpty();
      assertThat(members.lduCount()).isEqualTo(1);
    }
  }

  @Test
  void removeClearsLdu() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      uploadMixed(f);

      f.upload("acc", "aud", Operation.REMOVE, 12, emails("bob@example.com"));
      f.matcher.applyAll();

      assertThat(f.membership.members("aud").isLdu(2)).isFalse();
      assertThat(f.membership.members("aud").lduCount()).isEqualTo(1);
    }
  }

  @Test
  void lduIsPerAudience() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      uploadMixed(f);

      f.upload("acc", "other", Operation.ADD, 12, emails("ann@example.com"));
      f.matcher.applyAll();

      assertThat(f.membership.members("other").isLdu(1)).isFalse();
      assertThat(f.membership.members("aud").isLdu(1)).isTrue();
    }
  }

  @Test
  void lduMembersAndRegionsSurviveARestart() {
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      uploadMixed(f);
    }
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      AudienceMembers members = f.membership.members("aud");
      assertThat(members.lduCount()).isEqualTo(2);
      assertThat(members.lduRegion(1)).contains(new LduRegion(1, 1000));
      assertThat(members.isLdu(3)).isFalse();
    }
  }

  @Test
  void membersWrittenBeforeLduExistedReadBackWithoutLdu() {
    // version 1: version byte, bitmap, value count, pairs
    org.roaringbitmap.RoaringBitmap people = org.roaringbitmap.RoaringBitmap.bitmapOf(4, 9);
    java.nio.ByteBuffer v1 =
        java.nio.ByteBuffer.allocate(1 + people.serializedSizeInBytes() + 4 + 8);
    v1.put((byte) 1);
    people.serialize(v1);
    v1.putInt(1).putInt(9).putFloat(2.5f);

    AudienceMembers members = AudienceMembers.fromBytes(v1.array());

    assertThat(members.count()).isEqualTo(2);
    assertThat(members.value(9)).hasValue(2.5);
    assertThat(members.lduCount()).isZero();
  }
}
