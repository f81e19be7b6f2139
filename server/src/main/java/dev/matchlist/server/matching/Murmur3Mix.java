package dev.matchlist.server.matching;

/**
 * MurmurHash3's 64-bit finalizer: a bijection whose every output bit depends on every input bit.
 */
final class Murmur3Mix {
  private Murmur3Mix() {}

  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
