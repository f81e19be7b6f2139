package dev.matchlist.server.matching;

import static dev.matchlist.server.matching.MatcherFixture.emails;
import static dev.matchlist.server.matching.MatcherFixture.sha;
import static org.assertj.core.api.Assertions.assertThat;

import dev.matchlist.server.intake.Operation;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * Applied exactly once: a child process runs the matcher over a pre-filled intake log; we kill -9
 * it at seeded points of its progress, restart it, and at the end compare membership and the
 * per-session counters with a reference computed here. Membership alone cannot show a batch applied
 * twice (adds and removes are last-writer-wins), the counters can: they are sums.
 *
 * <p>CI kills 12 times with a fixed seed. The long mode kills more often, from another seed: {@code
 * ./mvnw -pl server -am verify -Dtest=MatcherCrashTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmatchlist.crash.kills=200 -Dmatchlist.crash.seed=$RANDOM} (the seed is in the failure message).
 */
class MatcherCrashTest {
  private static final long SEED = Long.getLong("matchlist.crash.seed", 20261207L);
  private static final int SESSIONS = 240;
  private static final int KILLS = Integer.getInteger("matchlist.crash.kills", 12);
  private static final String[] AUDIENCES = {"a1", "a2", "a3"};

  @TempDir Path dir;

  /** A synthetic identity base: about 70% of hashes are a person, derived from the hash. */
  static final class SyntheticIdentities implements IdentityLookup {
    @Override
    public int personOf(IdentityKind kind, byte[] id, int offset) {
      if ((id[offset + 4] & 0xFF) >= 180) {
        return NO_PERSON;
      }
      return ((id[offset] & 0xFF) << 8 | (id[offset + 1] & 0xFF)) % 500;
    }
  }

  private record Reference(Map<String, Set<Integer>> members, Map<Long, long[]> counters) {}

  @Test
  void killDashNineAtRandomMomentsNeitherSkipsNorDoublesABatch() throws Exception {
    Reference expected = fillLog();
    Random random = new Random(SEED);
    TreeSet<Long> targets = new TreeSet<>();
    while (targets.size() < KILLS) {
      targets.add(1 + (long) random.nextInt(lastPosition - 10));
    }
    int kills = 0;
    for (long target : targets) {
      if (runChild(target, random.nextInt(4))) {
        break;
      }
      kills++;
    }
    assertThat(runChild(Long.MAX_VALUE, 0)).isTrue();
    assertThat(kills).as("kills with seed " + SEED).isEqualTo(KILLS);

    try (MatcherFixture f = MatcherFixture.open(dir, new SyntheticIdentities())) {
      for (String audience : AUDIENCES) {
        RoaringBitmap actual = new RoaringBitmap();
        f.membership
            .members(audience)
            .people()
            .forEach((org.roaringbitmap.IntConsumer) actual::add);
        assertThat(actual.toArray())
            .as(audience + " with seed " + SEED)
            .containsExactly(
                new TreeSet<>(expected.members().get(audience))
                    .stream().mapToInt(Integer::intValue).toArray());
      }
      for (Map.Entry<Long, long[]> e : expected.counters().entrySet()) {
        MatchReport report = f.membership.matchReport("acc", e.getKey()).orElseThrow();
        assertThat(new long[] {report.batchesApplied(), report.matchedRows()})
            .as("session " + e.getKey() + " with seed " + SEED)
            .containsExactly(e.getValue());
      }
      assertThat(f.log.readAfter(0, 10)).isEmpty();
    }
  }

  private int lastPosition;

  /** Writes seeded sessions to the log and computes their effect in a plain model. */
  private Reference fillLog() {
    Random random = new Random(SEED);
    IdentityLookup identities = new SyntheticIdentities();
    Map<String, Set<Integer>> members = new HashMap<>();
    for (String audience : AUDIENCES) {
      members.put(audience, new HashSet<>());
    }
    Map<Long, long[]> counters = new TreeMap<>();
    try (MatcherFixture f = MatcherFixture.open(dir, identities)) {
      for (long session = 1; session <= SESSIONS; session++) {
        String audience = AUDIENCES[random.nextInt(AUDIENCES.length)];
        int kind = random.nextInt(10);
        Operation operation =
            kind < 5 ? Operation.ADD : kind < 8 ? Operation.REMOVE : Operation.REPLACE;
        int batches = operation == Operation.REPLACE ? 3 : 1;
        Set<Integer> replacement = new HashSet<>();
        long matched = 0;
        for (int seq = 1; seq <= batches; seq++) {
          String[] rowEmails = new String[10];
          for (int i = 0; i < rowEmails.length; i++) {
            rowEmails[i] = "u" + random.nextInt(400) + "@example.com";
          }
          lastPosition =
              (int)
                  f.upload(
                      "acc",
                      audience,
                      operation,
                      session,
                      seq,
                      seq == batches,
                      10,
                      emails(rowEmails));
          for (String email : rowEmails) {
            int person = identities.personOf(IdentityKind.EMAIL, sha(email), 0);
            if (person == IdentityLookup.NO_PERSON) {
              continue;
            }
            matched++;
            switch (operation) {
              case ADD -> members.get(audience).add(person);
              case REMOVE -> members.get(audience).remove(person);
              case REPLACE -> replacement.add(person);
            }
          }
        }
        if (operation == Operation.REPLACE) {
          members.put(audience, replacement);
        }
        counters.put(session, new long[] {batches, matched});
      }
    }
    return new Reference(members, counters);
  }

  /**
   * Runs the child until its checkpoint reaches {@code killAt}, then kills it with SIGKILL.
   *
   * @return true when the child finished the log before that
   */
  private boolean runChild(long killAt, int extraMillis) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                MatchingProcess.class.getName(),
                dir.toString(),
                Integer.toString(lastPosition))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    boolean done = false;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.equals("done")) {
          done = true;
          break;
        }
        if (Long.parseLong(line) >= killAt) {
          Thread.sleep(extraMillis);
          break;
        }
      }
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no RocksDB close
      child.waitFor(30, TimeUnit.SECONDS);
    }
    return done;
  }

  /** The child: matches with one batch per commit, printing its checkpoint as it moves. */
  public static final class MatchingProcess {
    public static void main(String[] args) throws Exception {
      long last = Long.parseLong(args[1]);
      MatcherFixture f = MatcherFixture.open(Path.of(args[0]), new SyntheticIdentities(), 1);
      f.matcher.start();
      long printed = -1;
      while (true) {
        long at = f.membership.appliedThrough();
        if (at != printed) {
          System.out.println(at);
          System.out.flush();
          printed = at;
        }
        // done once the last batch is applied and its log entry deleted (which follows the commit)
        if (at >= last && f.log.readAfter(0, 1).isEmpty()) {
          System.out.println("done");
          System.out.flush();
          Thread.sleep(60_000); // the parent kills us
        }
        Thread.sleep(1);
      }
    }
  }
}
