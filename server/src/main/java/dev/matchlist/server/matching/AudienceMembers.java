package dev.matchlist.server.matching;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
 *
 * <p><b>Limited Data Use.</b> Members last uploaded with {@code DATA_PROCESSING_OPTIONS ["LDU"]}
 * are in a second bitmap, with the row's {@code DATA_PROCESSING_OPTIONS_COUNTRY}/{@code _STATE}
 * when it sent either (a small map: rows without them cost nothing). The flag follows the member's
 * latest upload to this audience: an ADD or REPLACE row without LDU clears it, REMOVE clears it
 * with the membership. It is per audience, as in Meta's API.
 */
public final class AudienceMembers {
  /** No members. */
  public static final AudienceMembers EMPTY =
      new AudienceMembers(new RoaringBitmap(), Map.of(), new RoaringBitmap(), Map.of());

  private static final int FORMAT_VERSION_NO_LDU = 1;
  private static final int FORMAT_VERSION = 2;

  private final RoaringBitmap people;
  private final Map<Integer, Float> values;
  private final RoaringBitmap ldu;
  private final Map<Integer, LduRegion> lduRegions;

  private AudienceMembers(
      RoaringBitmap people,
      Map<Integer, Float> values,
      RoaringBitmap ldu,
      Map<Integer, LduRegion> lduRegions) {
    this.people = people;
    this.values = values;
    this.ldu = ldu;
    this.lduRegions = lduRegions;
  }

  /**
   * The {@code DATA_PROCESSING_OPTIONS_COUNTRY} and {@code _STATE} codes an LDU row sent (Meta: 1 =
   * US, 1000 = California, 0 = geolocate); 0 for a code the row left out.
   */
  public record LduRegion(int country, int state) {
    /** Neither code sent: geolocate. */
    public static final LduRegion GEOLOCATE = new LduRegion(0, 0);
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

  /** How many members were last uploaded with Limited Data Use. */
  public long lduCount() {
    return ldu.getLongCardinality();
  }

  /** Whether the member was last uploaded to this audience with Limited Data Use. */
  public boolean isLdu(int person) {
    return ldu.contains(person);
  }

  /** The LDU member's country and state codes; empty when the person is not an LDU member. */
  public Optional<LduRegion> lduRegion(int person) {
    if (!ldu.contains(person)) {
      return Optional.empty();
    }
    return Optional.of(lduRegions.getOrDefault(person, LduRegion.GEOLOCATE));
  }

  /** The LDU members' person ids, read-only. */
  public ImmutableBitmapDataProvider lduPeople() {
    return ldu;
  }

  /** A mutable copy to prepare the next version on. */
  Draft draft() {
    return new Draft(people.clone(), new HashMap<>(values), ldu.clone(), new HashMap<>(lduRegions));
  }

  /**
   * This audience as bytes: a version byte, the bitmap in RoaringBitmap's portable format, the
   * value count, then (person, value) pairs; then the LDU bitmap, the region count and (person,
   * country, state) triples. Version 1 (no LDU part) is still read.
   */
  public byte[] toBytes() {
    int bitmapBytes = people.serializedSizeInBytes();
    int lduBytes = ldu.serializedSizeInBytes();
    ByteBuffer out =
        ByteBuffer.allocate(
            1 + bitmapBytes + 4 + values.size() * 8 + lduBytes + 4 + lduRegions.size() * 12);
    out.put((byte) FORMAT_VERSION);
    people.serialize(out);
    out.putInt(values.size());
    values.forEach((person, value) -> out.putInt(person).putFloat(value));
    ldu.serialize(out);
    out.putInt(lduRegions.size());
    lduRegions.forEach(
        (person, region) -> out.putInt(person).putInt(region.country()).putInt(region.state()));
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
    if (version != FORMAT_VERSION && version != FORMAT_VERSION_NO_LDU) {
      throw new IllegalArgumentException("audience members format version " + version + " unknown");
    }
    RoaringBitmap people = bitmap(in);
    int count = in.getInt();
    Map<Integer, Float> values = new HashMap<>(count * 2);
    for (int i = 0; i < count; i++) {
      values.put(in.getInt(), in.getFloat());
    }
    if (version == FORMAT_VERSION_NO_LDU) {
      return new AudienceMembers(people, Map.copyOf(values), new RoaringBitmap(), Map.of());
    }
    RoaringBitmap ldu = bitmap(in);
    int regionCount = in.getInt();
    Map<Integer, LduRegion> regions = new HashMap<>(regionCount * 2);
    for (int i = 0; i < regionCount; i++) {
      regions.put(in.getInt(), new LduRegion(in.getInt(), in.getInt()));
    }
    return new AudienceMembers(people, Map.copyOf(values), ldu, Map.copyOf(regions));
  }

  private static RoaringBitmap bitmap(ByteBuffer in) {
    RoaringBitmap bitmap = new RoaringBitmap();
    try {
      bitmap.deserialize(in.slice());
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalArgumentException("audience members bitmap unreadable", e);
    }
    // deserialize leaves the position where it was, whatever it read
    in.position(in.position() + bitmap.serializedSizeInBytes());
    return bitmap;
  }

  /** A mutable version being prepared by one writer; {@link #publish()} freezes it. */
  static final class Draft {
    private final RoaringBitmap people;
    private final Map<Integer, Float> values;
    private final RoaringBitmap ldu;
    private final Map<Integer, LduRegion> lduRegions;

    private Draft(
        RoaringBitmap people,
        Map<Integer, Float> values,
        RoaringBitmap ldu,
        Map<Integer, LduRegion> lduRegions) {
      this.people = people;
      this.values = values;
      this.ldu = ldu;
      this.lduRegions = lduRegions;
    }

    static Draft empty() {
      return new Draft(new RoaringBitmap(), new HashMap<>(), new RoaringBitmap(), new HashMap<>());
    }

    /** Marks a member as uploaded with Limited Data Use, from the given region. */
    void markLdu(int person, LduRegion region) {
      ldu.add(person);
      if (region.equals(LduRegion.GEOLOCATE)) {
        lduRegions.remove(person);
      } else {
        lduRegions.put(person, region);
      }
    }

    /** The member's latest upload came without Limited Data Use. */
    void clearLdu(int person) {
      ldu.remove(person);
      if (!lduRegions.isEmpty()) { // the usual case: no boxed key per row
        lduRegions.remove(person);
      }
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
      clearLdu(person);
    }

    boolean contains(int person) {
      return people.contains(person);
    }

    AudienceMembers publish() {
      people.runOptimize(); // before readers see it: run containers can shrink dense ranges a lot
      ldu.runOptimize();
      return new AudienceMembers(people, Map.copyOf(values), ldu, Map.copyOf(lduRegions));
    }
  }
}
