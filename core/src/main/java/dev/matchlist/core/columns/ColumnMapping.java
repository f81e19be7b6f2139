package dev.matchlist.core.columns;

import dev.matchlist.core.SchemaKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which column of a customer file feeds which {@link SchemaKey}, decided from the file's header
 * row: the schema an upload or a hashed file carries, and for each of its keys the column to read.
 *
 * <pre>{@code
 * ColumnMapping mapping =
 *     ColumnMapping.of(List.of("E-mail", "Phone Number", "dob", "notes"), Map.of());
 * mapping.schema();                      // [EMAIL, PHONE, DOBY, DOBM, DOBD]
 * mapping.source(SchemaKey.DOBM);        // column 2 "dob" (the normalizer takes the month)
 * mapping.ignored();                     // column 3 "notes": unknown column
 * }</pre>
 *
 * <p>Header names are matched ignoring case, spaces, underscores, dashes and dots, against the
 * schema key names themselves ({@code EXTERN_ID}, legacy {@code EMAIL_SHA256} too) and common
 * spellings ({@code e-mail}, {@code phone_number}, {@code surname}, {@code postal_code}, ...). A
 * date-of-birth column ({@code dob}, {@code birthday}) feeds DOBY, DOBM and DOBD at once; separate
 * year/month/day columns win over it. When two columns mean the same key the first one wins and the
 * other is reported in {@link #ignored()}. Overrides ({@code header -> target}) win over all of
 * that; a target is a key name, {@code DOB} for a whole date, or {@code SKIP}.
 *
 * <p>The schema follows the columns' order in the file. Immutable.
 */
public final class ColumnMapping {
  /** Override target that drops a column. */
  public static final String SKIP = "SKIP";

  /** Override target for a whole date of birth (feeds DOBY, DOBM, DOBD). */
  public static final String DOB = "DOB";

  /**
   * Where the cells of one output key come from. A whole date-of-birth column is the source of
   * DOBY, DOBM and DOBD alike: the normalizer takes each key's part from the date.
   *
   * @param column zero-based index of the input column
   * @param header the input column's header, as written in the file
   */
  public record Source(int column, String header) {
    public Source {
      Objects.requireNonNull(header);
    }
  }

  /**
   * An input column that feeds no key.
   *
   * @param column zero-based index of the input column
   * @param header the header as written in the file
   * @param reason why it is not used: "unknown column", "blank header", "skipped by override" or
   *     "duplicate of EMAIL, read from "e-mail""
   */
  public record IgnoredColumn(int column, String header, String reason) {}

  private static final Map<String, Target> ALIASES = aliases();

  private final int columnCount;
  private final List<SchemaKey> schema;
  private final Map<SchemaKey, Source> sources;
  private final List<IgnoredColumn> ignored;

  private ColumnMapping(
      int columnCount,
      List<SchemaKey> schema,
      Map<SchemaKey, Source> sources,
      List<IgnoredColumn> ignored) {
    this.columnCount = columnCount;
    this.schema = List.copyOf(schema);
    this.sources = sources;
    this.ignored = List.copyOf(ignored);
  }

  /** The mapping of {@code headers} with no overrides. */
  public static ColumnMapping of(List<String> headers) {
    return of(headers, Map.of());
  }

  /**
   * The mapping of {@code headers}, with {@code overrides} from header name (matched ignoring case
   * and surrounding spaces) to a target: a schema key name or spelling, {@link #DOB} or {@link
   * #SKIP}.
   *
   * @throws IllegalArgumentException when an override names a header the file does not have, or a
   *     target that is no key
   */
  public static ColumnMapping of(List<String> headers, Map<String, String> overrides) {
    Map<Integer, Target> overridden = resolveOverrides(headers, overrides);
    Map<SchemaKey, Claim> winners = new EnumMap<>(SchemaKey.class);
    List<Claim> losers = new ArrayList<>();
    List<IgnoredColumn> ignored = new ArrayList<>();
    for (int column = 0; column < headers.size(); column++) {
      String header = headers.get(column);
      Target target = overridden.get(column);
      boolean isOverride = target != null;
      if (target == null) {
        target = lookUp(header).orElse(null);
      }
      if (target == null) {
        ignored.add(
            new IgnoredColumn(
                column, header, cleanHeader(header).isEmpty() ? "blank header" : "unknown column"));
        continue;
      }
      if (target.skip()) {
        ignored.add(new IgnoredColumn(column, header, "skipped by override"));
        continue;
      }
      for (Claim claim : target.claims(column, header, isOverride)) {
        Claim previous = winners.get(claim.key());
        if (previous == null || claim.rank() < previous.rank()) {
          winners.put(claim.key(), claim);
          if (previous != null) {
            losers.add(previous);
          }
        } else {
          losers.add(claim);
        }
      }
    }
    reportColumnsThatLostEverything(winners, losers, ignored);
    List<Claim> ordered = new ArrayList<>(winners.values());
    ordered.sort(Comparator.comparingInt(Claim::column).thenComparing(Claim::key));
    List<SchemaKey> schema = new ArrayList<>();
    Map<SchemaKey, Source> sources = new EnumMap<>(SchemaKey.class);
    for (Claim claim : ordered) {
      schema.add(claim.key());
      sources.put(claim.key(), claim.source());
    }
    ignored.sort(Comparator.comparingInt(IgnoredColumn::column));
    return new ColumnMapping(headers.size(), schema, sources, ignored);
  }

  /** The output schema: each key once, in the order of the columns that feed them. */
  public List<SchemaKey> schema() {
    return schema;
  }

  /** Where {@code key}'s cells come from; throws when the key is not in {@link #schema()}. */
  public Source source(SchemaKey key) {
    Source source = sources.get(key);
    if (source == null) {
      throw new IllegalArgumentException(key + " is not in the schema " + schema);
    }
    return source;
  }

  /** The sources in {@link #schema()} order. */
  public List<Source> sources() {
    List<Source> list = new ArrayList<>(schema.size());
    for (SchemaKey key : schema) {
      list.add(sources.get(key));
    }
    return list;
  }

  /** Input columns that feed no key, in column order. */
  public List<IgnoredColumn> ignored() {
    return ignored;
  }

  /** How many columns the header row has: the field count every data row should have. */
  public int columnCount() {
    return columnCount;
  }

  /** What a header name or override target means, if anything. */
  private static Optional<Target> lookUp(String name) {
    String clean = cleanHeader(name);
    if (clean.isEmpty()) {
      return Optional.empty();
    }
    Optional<SchemaKey> exact = SchemaKey.fromLenientName(clean);
    if (exact.isPresent()) {
      return Optional.of(Target.key(exact.get()));
    }
    return Optional.ofNullable(ALIASES.get(compact(clean)));
  }

  private static Map<Integer, Target> resolveOverrides(
      List<String> headers, Map<String, String> overrides) {
    Map<String, Integer> columnByHeader = new HashMap<>();
    for (int column = headers.size() - 1; column >= 0; column--) {
      columnByHeader.put(cleanHeader(headers.get(column)).toLowerCase(Locale.ROOT), column);
    }
    Map<Integer, Target> resolved = new HashMap<>();
    for (Map.Entry<String, String> override : overrides.entrySet()) {
      Integer column = columnByHeader.get(cleanHeader(override.getKey()).toLowerCase(Locale.ROOT));
      if (column == null) {
        throw new IllegalArgumentException(
            "override names column \""
                + override.getKey()
                + "\", which the header does not have; columns are "
                + headers);
      }
      String targetName = override.getValue().strip();
      Target target =
          SKIP.equalsIgnoreCase(targetName)
              ? Target.SKIPPED
              : lookUp(targetName)
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "override target \""
                                  + override.getValue()
                                  + "\" for column \""
                                  + override.getKey()
                                  + "\" is no schema key; use one of "
                                  + SchemaKey.acceptedNames()
                                  + ","
                                  + DOB
                                  + ","
                                  + SKIP));
      resolved.put(column, target);
    }
    return resolved;
  }

  private static void reportColumnsThatLostEverything(
      Map<SchemaKey, Claim> winners, List<Claim> losers, List<IgnoredColumn> ignored) {
    Map<Integer, Claim> lostByColumn = new LinkedHashMap<>();
    for (Claim loser : losers) {
      lostByColumn.putIfAbsent(loser.column(), loser);
    }
    for (Claim loser : lostByColumn.values()) {
      boolean feedsSomething =
          winners.values().stream().anyMatch(w -> w.column() == loser.column());
      if (!feedsSomething) {
        Claim winner = winners.get(loser.key());
        ignored.add(
            new IgnoredColumn(
                loser.column(),
                loser.source().header(),
                "duplicate of "
                    + loser.key()
                    + ", read from \""
                    + winner.source().header()
                    + "\""));
      }
    }
  }

  /** Strips spaces and a UTF-8 byte-order mark that spreadsheet exports put before the header. */
  private static String cleanHeader(String header) {
    return header.replace("\uFEFF", "").strip();
  }

  /** Lowercase without spaces, underscores, dashes and dots: "E-Mail Address" -> "emailaddress". */
  private static String compact(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-.]+", "");
  }

  /** What a column claims: one key, or the three parts of a date. */
  private record Target(@Nullable SchemaKey key, boolean wholeDate, boolean skip) {
    static final Target SKIPPED = new Target(null, false, true);
    static final Target DATE = new Target(null, true, false);

    static Target key(SchemaKey key) {
      return new Target(key, false, false);
    }

    List<Claim> claims(int column, String header, boolean isOverride) {
      Source source = new Source(column, header);
      if (wholeDate) {
        int rank = isOverride ? 0 : 2;
        return List.of(
            new Claim(SchemaKey.DOBY, source, rank),
            new Claim(SchemaKey.DOBM, source, rank),
            new Claim(SchemaKey.DOBD, source, rank));
      }
      return List.of(new Claim(Objects.requireNonNull(key), source, isOverride ? 0 : 1));
    }
  }

  /** A column's bid for a key; the lower rank wins, then the earlier column. */
  private record Claim(SchemaKey key, Source source, int rank) {
    int column() {
      return source.column();
    }
  }

  private static Map<String, Target> aliases() {
    Map<String, Target> map = new HashMap<>();
    alias(map, SchemaKey.EMAIL, "email", "e-mail", "email_address", "mail", "emailaddr");
    alias(
        map,
        SchemaKey.PHONE,
        "phone",
        "phone_number",
        "mobile",
        "mobile_phone",
        "mobile_number",
        "cell",
        "cellphone",
        "telephone",
        "tel");
    alias(map, SchemaKey.FN, "fn", "first_name", "firstname", "given_name", "forename");
    alias(map, SchemaKey.LN, "ln", "last_name", "lastname", "surname", "family_name");
    alias(map, SchemaKey.FI, "fi", "first_initial", "initial");
    alias(map, SchemaKey.ZIP, "zip", "zipcode", "zip_code", "postal_code", "postcode", "postal");
    alias(map, SchemaKey.CT, "ct", "city", "town");
    alias(map, SchemaKey.ST, "st", "state", "region", "province", "state_code");
    alias(map, SchemaKey.COUNTRY, "country", "country_code");
    alias(map, SchemaKey.GEN, "gen", "gender", "sex");
    alias(map, SchemaKey.DOBY, "doby", "birth_year", "year_of_birth", "yob");
    alias(map, SchemaKey.DOBM, "dobm", "birth_month", "month_of_birth");
    // Not "birth_day": without its underscore it reads "birthday", a whole date.
    alias(map, SchemaKey.DOBD, "dobd", "day_of_birth");
    alias(
        map,
        SchemaKey.MADID,
        "madid",
        "maid",
        "idfa",
        "gaid",
        "aaid",
        "advertising_id",
        "mobile_advertiser_id");
    alias(map, SchemaKey.EXTERN_ID, "extern_id", "external_id", "customer_id");
    alias(map, SchemaKey.LOOKALIKE_VALUE, "value", "lookalike_value", "ltv", "customer_value");
    for (String name : List.of("dob", "birthday", "birthdate", "date_of_birth", "birth_date")) {
      map.put(compact(name), Target.DATE);
    }
    return Map.copyOf(map);
  }

  private static void alias(Map<String, Target> map, SchemaKey key, String... names) {
    for (String name : names) {
      map.put(compact(name), Target.key(key));
    }
  }
}
