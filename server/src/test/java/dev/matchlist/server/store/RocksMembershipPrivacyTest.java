package dev.matchlist.server.store;

import static dev.matchlist.server.matching.MatcherFixture.emails;
import static dev.matchlist.server.matching.MatcherFixture.sha;
import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.server.intake.Operation;
import dev.matchlist.server.matching.IdentityKind;
import dev.matchlist.server.matching.MatcherFixture;
import dev.matchlist.server.matching.MatcherFixture.MapIdentities;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.FlushOptions;

/**
 * Only hashes at rest, and upload hashes not even that once applied: after matching and a
 * compaction, no file of the data directory holds an uploaded hash, matched or not.
 */
class RocksMembershipPrivacyTest {
  @TempDir Path dir;

  @Test
  void noFileOfTheDataDirectoryHoldsAnUploadedHashOnceItsBatchIsAppliedAndCompacted()
      throws Exception {
    MapIdentities identities = new MapIdentities().with(IdentityKind.EMAIL, "known@example.com", 4);
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      f.upload(
          "acc",
          "aud",
          Operation.ADD,
          11,
          emails("known@example.com", "secret-unmatched@example.com"));
      assertThat(containing(sha("secret-unmatched@example.com"))).isNotEmpty();

      f.matcher.applyAll();
      compactEverything(f.store);

      assertThat(f.membership.members("aud").contains(4)).isTrue();
    }

    assertThat(containing(sha("secret-unmatched@example.com"))).isEmpty();
    assertThat(containing(sha("known@example.com"))).isEmpty();
    assertThat(
            containing(
                HexFormat.of()
                    .formatHex(sha("secret-unmatched@example.com"))
                    .getBytes(StandardCharsets.US_ASCII)))
        .isEmpty();
  }

  private static void compactEverything(RocksStore store) throws Exception {
    List<ColumnFamilyHandle> families =
        Stream.of(RocksStore.Family.values()).map(store::family).toList();
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
        CompactRangeOptions compact =
            new CompactRangeOptions()
                .setBottommostLevelCompaction(
                    CompactRangeOptions.BottommostLevelCompaction.kForce)) {
      store.db().flush(flush, families);
      for (ColumnFamilyHandle family : families) {
        store.db().compactRange(family, null, null, compact);
      }
    }
  }

  /** The files of the data directory whose bytes contain {@code needle}. */
  private List<Path> containing(byte[] needle) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> contains(read(file), needle))
          .toList();
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      return new byte[0]; // deleted while we walked: it holds nothing any more
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
