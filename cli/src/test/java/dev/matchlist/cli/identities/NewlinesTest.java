package dev.matchlist.cli.identities;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NewlinesTest {
  @Test
  void everyLineFeedIsCountedWhateverItsPlaceAndTheBytesAroundIt() {
    Random random = new Random(42);
    // bytes next to 0x0A in value (0x0B, 0x8A, 0x09, 0x00, 0xFF) would fool a sloppy word trick
    byte[] alphabet = {'\n', '\n', 0x0B, (byte) 0x8A, 0x09, 0x00, (byte) 0xFF, 'a', '\r'};
    for (int length = 0; length < 200; length++) {
      byte[] buffer = new byte[length + 5];
      for (int i = 0; i < buffer.length; i++) {
        buffer[i] = alphabet[random.nextInt(alphabet.length)];
      }
      long expected = 0;
      for (int i = 0; i < length; i++) {
        expected += buffer[i] == '\n' ? 1 : 0;
      }
      assertThat(Newlines.in(buffer, length)).as("length %d", length).isEqualTo(expected);
    }
  }

  @Test
  void aBufferOfOnlyLineFeedsCountsEachByte() {
    byte[] buffer = new byte[64];
    Arrays.fill(buffer, (byte) '\n');

    assertThat(Newlines.in(buffer, 61)).isEqualTo(61);
  }
}
