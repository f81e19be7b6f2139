package dev.matchlist.core.normalize;

import java.util.Random;

/**
 * Random strings that look enough like customer data to reach deep into the rules: fragments of
 * emails, phones, dates and names mixed with random characters from many scripts, combining marks,
 * lone surrogates, controls and blanks.
 */
final class RandomText {
  private static final String[] FRAGMENTS = {
    "@",
    ".",
    "-",
    "+",
    "00",
    "+1",
    "+44",
    "0",
    "1",
    "555",
    "(",
    ")",
    "/",
    ":",
    "T",
    " ",
    "mary",
    "Éloïse",
    "Müller",
    "Nguyễn",
    "王芳",
    "محمد",
    "Иванов",
    "देवनागरी",
    "ΣΑΣ",
    "İ",
    "ß",
    "example.com",
    "gmail.com",
    "1990",
    "05",
    "17",
    "March",
    "US",
    "DE",
    "gb",
    "United States",
    "California",
    "Québec",
    "M1 1AE",
    "12345-6789",
    "6d92078a-8246-4ba4-ae5b-76104861e7dc",
    "LDU",
    "[]",
    "44.5",
    "1e3",
    "-",
    "NaN",
    "\u0301",
    "\u0308",
    "\u200b",
    "\ufeff",
    "\u00a0",
    "\t",
    "\n",
    "\u0000",
    "\ud800",
    "\udc00",
    "\ud83d\ude00",
    "ﬁ",
    "Ⅻ",
    "١٢٣",
    "ǅ",
    "ᾼ",
    "f1904cf1a9d73a55fa5de0ac823c4403ded71afd4c3248d00bdcd0866552bb79"
  };

  private final Random random;

  RandomText(Random random) {
    this.random = random;
  }

  String next() {
    int parts = random.nextInt(6);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts; i++) {
      switch (random.nextInt(4)) {
        case 0, 1 -> out.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        case 2 -> {
          for (int n = random.nextInt(12); n > 0; n--) {
            out.append((char) ('0' + random.nextInt(10)));
          }
        }
        default -> {
          for (int n = random.nextInt(6); n > 0; n--) {
            out.appendCodePoint(randomCodePoint());
          }
        }
      }
    }
    return out.toString();
  }

  private int randomCodePoint() {
    return switch (random.nextInt(5)) {
      case 0 -> random.nextInt(0x80);
      case 1 -> random.nextInt(0x800);
      case 2 -> random.nextInt(0x10000);
      case 3 -> random.nextInt(0x110000);
      default -> 0x300 + random.nextInt(0x70); // combining marks
    };
  }
}
