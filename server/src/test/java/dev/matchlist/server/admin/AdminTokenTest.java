package dev.matchlist.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
  @TempDir Path dir;

  @Test
  void firstStartWritesAnOwnerOnlyTokenFile() throws Exception {
    AdminToken token = AdminToken.loadOrCreate(dir.resolve("data"));

    Path file = dir.resolve("data").resolve(AdminToken.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file).strip()).isEqualTo(token.value());
    assertThat(token.value()).hasSizeGreaterThan(30);
  }

  @Test
  void laterStartsReadTheSameToken() {
    AdminToken first = AdminToken.loadOrCreate(dir);
    AdminToken second = AdminToken.loadOrCreate(dir);
    assertThat(second.value()).isEqualTo(first.value());
  }

  @Test
  void matchesOnlyTheExactToken() {
    AdminToken token = AdminToken.loadOrCreate(dir);
    assertThat(token.matches(token.value())).isTrue();
    assertThat(token.matches(token.value() + "x")).isFalse();
    assertThat(token.matches("")).isFalse();
  }
}
