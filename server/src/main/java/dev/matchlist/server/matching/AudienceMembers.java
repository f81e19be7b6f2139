package dev.matchlist.server.matching;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.roaringbitmap.ImmutableBitmapDataProvider;
import org.roaringbitmap.RoaringBitmap;

/**
 * One audience's members as published to readers: a bitmap of person ids and, for value-based
 * audiences, each member's {@code LOOKALIKE_VALUE}. Immutable once built, so any number of readers
 * may use it while the matcher prepares the next version on a {@link Draft} copy.
 *
 * <p>Values are kept as {@code float}s in a boxed map (about 50 bytes a member); value-based
 * audiences are the exception, plain audiences pay nothing for them.
 */
public final class AudienceMembers {
  /** No members. */
  public static final AudienceMembers EMPTY = new AudienceMembers(new RoaringBitmap(), Map.of());

  private static final int FORMAT_VERSION = 1;

  private final RoaringBitmap people;
  private final Map<Integer, Float> values;

  private AudienceMembers(RoaringBitmap people, Map<Integer, Float> values) {
    this.people = people;
    this.values = values;
  }

  /** Number of members. */
  public long count() {
    return people.getLongCardinality();
  }

  public boolean contains(int person) {
    return people.contains(person);
  }

  /** The members' person ids, read-only (iterate, intersect, serialize; never mutate). */
  public ImmutableBitmapDataProvider people() {
    return people;
  }

  /** The member's {@code LOOKALIKE_VALUE}; empty when not a member or sent without one. */
  public OptionalDouble value(int person) {
    Float value = values.get(person);
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /** How many members carry a value. */
  public int valueCount() {
    return values.size();
  }

  /** A mutable copy to prepare the next version on. */
  Draft draft() {
    return new Draft(people.clone(), new HashMap<>(values));
  }

  /**
   * This audience as bytes: a version byte, the bitmap in RoaringBitmap's portable format, the
   * value count, then (person, value) pairs.
   */
  public byte[] toBytes() {
    int bitmapBytes = people.serializedSizeInBytes();
    ByteBuffer out = ByteBuffer.allocate(1 + bitmapBytes + 4 + values.size() * 8);
    out.put((byte) FORMAT_VERSION);
    people.serialize(out);
    out.putInt(values.size());
    values.forEach((person, value) -> out.putInt(person).putFloat(value));
    return out.array();
  }

  /**
   * The audience {@link #toBytes()} wrote.
   *
   * @throws IllegalArgumentException when the bytes are not of a known version
   */
  public static AudienceMembers fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int version = in.get();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("audience members format version " + version + " unknown");
    }
    RoaringBitmap people = new RoaringBitmap();
    try {
      people.deserialize(in.slice());
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalArgumentException("audience members bitmap unreadable", e);
    }
    // deserialize leaves the position where it was, whatever it read
    in.position(in.position() + people.serializedSizeInBytes());
    int count = in.getInt();
    Map<Integer, Float> values = new HashMap<>(count * 2);
    for (int i = 0; i < count; i++) {
      values.put(in.getInt(), in.getFloat());
    }
    return new AudienceMembers(people, Map.copyOf(values));
  }

  /** A mutable version being prepared by one writer; {@link #publish()} freezes it. */
  static final class Draft {
    private final RoaringBitmap people;
    private final Map<Integer, Float> values;

    private Draft(RoaringBitmap people, Map<Integer, Float> values) {
      this.people = people;
      this.values = values;
    }

    static Draft empty() {
      return new Draft(new RoaringBitmap(), new HashMap<>());
    }

    void add(int person) {
      people.add(person);
    }

    /** Adds the person with a value; a later value for the same member replaces the earlier. */
    void add(int person, float value) {
      people.add(person);
      values.put(person, value);
    }

    void remove(int person) {
      people.remove(person);
      values.remove(person);
    }

    boolean contains(int person) {
      return people.contains(person);
    }

    AudienceMembers publish() {
      people.runOptimize(); // before readers see it: run containers can shrink dense ranges a lot
      return new AudienceMembers(people, Map.copyOf(values));
    }
  }
}
