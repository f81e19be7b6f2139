package dev.matchlist.core.normalize;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * PHONE: E.164 digits with the country code and no {@code +} ({@code 15559876543}), parsed by
 * Google's libphonenumber.
 *
 * <p>What counts is whether the number is <em>possible</em> (its length fits its country), not
 * whether it is valid: 555 numbers are fictional but are what test files and Meta's own example
 * use. A value starting with {@code +} or {@code 00} is international. Otherwise the region (the
 * row's COUNTRY, else the default region) reads it as a national number, and libphonenumber notices
 * a value that already starts with that region's country code; a value that is not a possible
 * national number is then tried as a foreign number that lost its {@code +}, if that is a valid
 * one. Without a region, a value without {@code +} must be a valid number, or a possible +1 number
 * like Meta's example: "5559876543" is a US number that lost its region, not a Brazilian one.
 *
 * <p>Fast path: digits (with spaces, dashes, dots, parentheses) that start with a country code, or
 * that are a national number of the region without trunk prefix, skip libphonenumber's parser (a
 * length check against its metadata decides): about 20× the rows/s. {@code PhoneRuleTest} checks on
 * random values that both paths agree.
 */
final class PhoneRule {
  static final String NO_COUNTRY_CODE = "no country code; set COUNTRY or a default region";
  static final String NOT_A_PHONE = "not a phone number";

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final boolean[] IS_CALLING_CODE = callingCodes();

  /**
   * Filled on first use (metadata for all regions takes a second to load). Racy on purpose: the
   * records are immutable, so a thread either sees one or computes an equal one.
   */
  private static final CallingCode[] BY_CODE = new CallingCode[1000];

  /** A calling code the fast path leaves to libphonenumber. */
  private static final CallingCode UNSUPPORTED = new CallingCode(0, "", new boolean[1], null, null);

  /** What the fast path needs to know of one country calling code. */
  private record CallingCode(
      int code,
      String digits,
      boolean[] possibleLengths,
      @Nullable Prefix nationalPrefix,
      @Nullable Prefix internationalPrefix) {
    int maxLength() {
      return possibleLengths.length - 1;
    }

    boolean isPossibleNational(int length) {
      return length < possibleLengths.length && possibleLengths[length];
    }

    /** Whether {@code national} may start with the region's prefix for dialling abroad. */
    boolean mayHaveInternationalPrefix(String national) {
      return internationalPrefix != null && internationalPrefix.startsAt(national, 0);
    }

    /** Whether libphonenumber may strip a national (trunk) prefix from {@code national}. */
    boolean mayHaveNationalPrefix(String national, int from) {
      return nationalPrefix != null && nationalPrefix.startsAt(national, from);
    }
  }

  /**
   * A prefix pattern of the metadata: most are plain digits ("1", "0", "011"), compared as text
   * rather than by a regex matcher made per number.
   */
  private record Prefix(Pattern pattern, @Nullable String digits) {
    static @Nullable Prefix of(String regex) {
      if (regex.isEmpty()) {
        return null;
      }
      boolean plain = regex.chars().allMatch(c -> c >= '0' && c <= '9');
      return new Prefix(Pattern.compile(regex), plain ? regex : null);
    }

    /** Whether the pattern matches {@code s} from {@code from} on (a prefix of what is left). */
    boolean startsAt(String s, int from) {
      if (digits == null) {
        return pattern.matcher(s).region(from, s.length()).lookingAt();
      }
      if (s.length() - from < digits.length()) {
        return false;
      }
      // a char at a time: String.startsWith's vectorized compare costs more for 1 to 3 digits
      for (int i = 0; i < digits.length(); i++) {
        if (s.charAt(from + i) != digits.charAt(i)) {
          return false;
        }
      }
      return true;
    }
  }

  private PhoneRule() {}

  /**
   * @param region an upper-case ISO 3166-1 alpha-2 region for national numbers, or null
   */
  static Normalized normalize(String raw, @Nullable String region) {
    String s = Text.strip(raw);
    if (s.isEmpty()) {
      return Normalizer.EMPTY;
    }
    Normalized fast = fastPath(s, region);
    return fast != null ? fast : slowPath(s, region);
  }

  /**
   * The answer for the common shapes libphonenumber is not needed for, or null: digits (with
   * spaces, dashes, dots or parentheses between them) that either start with a country code or are
   * a plain national number of the region, without trunk or international prefix.
   */
  static @Nullable Normalized fastPath(String s, @Nullable String region) {
    boolean plus = s.charAt(0) == '+';
    String digits = digitsOf(s, plus ? 1 : 0);
    if (digits == null || digits.length() < 4 || digits.length() > 15 || digits.charAt(0) == '0') {
      return null; // no country code starts with 0; national numbers with a trunk 0: slow path
    }
    if (!plus && region != null) {
      CallingCode own = callingCode(UTIL.getCountryCodeForRegion(region));
      if (own == null) {
        return null;
      }
      if (!digits.startsWith(own.digits)) {
        return national(digits, own);
      }
      // A national number of the region that happens to start with its country code digits
      // ("9198765432" in India) must go to libphonenumber, which tells them apart; one longer
      // than any national number of the region has its code stripped by libphonenumber too.
      if (digits.length() <= own.maxLength()) {
        return null;
      }
    }
    CallingCode cc = callingCodeAt(digits, 0);
    if (cc == null) {
      return null;
    }
    int national = cc.digits.length();
    if (national >= digits.length()
        || digits.charAt(national) == '0'
        || cc.mayHaveNationalPrefix(digits, national)) {
      return null;
    }
    if (!plus && region == null && cc.code != 1) {
      return null; // must also be a valid number: the slow path checks
    }
    return cc.isPossibleNational(digits.length() - national) ? Normalized.of(digits) : null;
  }

  private static @Nullable Normalized national(String digits, CallingCode own) {
    if (own.mayHaveNationalPrefix(digits, 0)
        || own.mayHaveInternationalPrefix(digits)
        || !own.isPossibleNational(digits.length())) {
      return null;
    }
    return Normalized.of(own.digits.concat(digits));
  }

  /**
   * The ASCII digits of {@code s} from {@code from} on, when everything else there is a space,
   * dash, dot or parenthesis; null otherwise. One pass; no copy when there is nothing to drop.
   */
  private static @Nullable String digitsOf(String s, int from) {
    int i = from;
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
    }
    if (i == s.length()) {
      return from == 0 ? s : s.substring(from);
    }
    byte[] digits = new byte[s.length() - from]; // ASCII: made a String without a char[] step
    int n = 0;
    for (int d = from; d < i; d++) {
      digits[n++] = (byte) s.charAt(d);
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isDigit(c)) {
        digits[n++] = (byte) c;
      } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
        return null;
      }
    }
    return new String(digits, 0, n, StandardCharsets.ISO_8859_1);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static Normalized slowPath(String s, @Nullable String region) {
    if (!hasDigit(s)) {
      return Normalized.rejected(NOT_A_PHONE);
    }
    if (s.startsWith("00")) {
      return international("+" + s.substring(2));
    }
    if (s.charAt(0) == '+') {
      return international(s);
    }
    if (region == null) {
      return withoutPlus(s, true).orElse(Normalized.rejected(NO_COUNTRY_CODE));
    }
    Normalized national;
    try {
      national = possible(UTIL.parse(s, region));
    } catch (NumberParseException e) {
      national = Normalized.rejected(NOT_A_PHONE);
    }
    if (national.isValid() || firstDigitIsZero(s)) {
      return national;
    }
    // A foreign number with its country code but no '+' in a file of this region.
    return withoutPlus(s, false).orElse(national);
  }

  private static Normalized international(String s) {
    try {
      return possible(UTIL.parse(s, "ZZ"));
    } catch (NumberParseException e) {
      return Normalized.rejected(
          e.getErrorType() == NumberParseException.ErrorType.INVALID_COUNTRY_CODE
              ? "unknown country code"
              : NOT_A_PHONE);
    }
  }

  /**
   * {@code s} read as an international number that lost its '+': accepted only when it is a valid
   * number (so that a national number is not taken for a foreign one), or, if {@code nanp}, a
   * possible +1 number (555 numbers are fictional, yet they are Meta's own example).
   */
  private static Optional<Normalized> withoutPlus(String s, boolean nanp) {
    if (firstDigitIsZero(s)) {
      return Optional.empty();
    }
    PhoneNumber number;
    try {
      number = UTIL.parse("+" + s, "ZZ");
    } catch (NumberParseException e) {
      return Optional.empty();
    }
    Normalized possible = possible(number);
    boolean trusted = UTIL.isValidNumber(number) || (nanp && number.getCountryCode() == 1);
    return possible.isValid() && trusted ? Optional.of(possible) : Optional.empty();
  }

  private static Normalized possible(PhoneNumber number) {
    ValidationResult result = UTIL.isPossibleNumberWithReason(number);
    return switch (result) {
      case IS_POSSIBLE ->
          Normalized.of(number.getCountryCode() + UTIL.getNationalSignificantNumber(number));
      case IS_POSSIBLE_LOCAL_ONLY ->
          Normalized.rejected("too short: local number without area code");
      case INVALID_COUNTRY_CODE -> Normalized.rejected("unknown country code");
      case TOO_SHORT -> Normalized.rejected("too short for its country");
      case TOO_LONG -> Normalized.rejected("too long for its country");
      case INVALID_LENGTH -> Normalized.rejected("wrong length for its country");
    };
  }

  private static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean firstDigitIsZero(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isDigit(c)) {
        return Character.digit(c, 10) == 0;
      }
    }
    return false;
  }

  private static @Nullable CallingCode callingCodeAt(String s, int from) {
    int code = 0;
    // Country calling codes are prefix-free: the first match is the only one.
    for (int i = from; i < from + 3 && i < s.length(); i++) {
      code = code * 10 + (s.charAt(i) - '0');
      CallingCode cc = callingCode(code);
      if (cc != null) {
        return cc;
      }
    }
    return null;
  }

  private static @Nullable CallingCode callingCode(int code) {
    if (code <= 0 || code >= IS_CALLING_CODE.length || !IS_CALLING_CODE[code]) {
      return null;
    }
    CallingCode cc = BY_CODE[code];
    if (cc == null) {
      cc = load(code);
      BY_CODE[code] = cc;
    }
    return cc == UNSUPPORTED ? null : cc;
  }

  private static boolean[] callingCodes() {
    boolean[] codes = new boolean[1000];
    for (int code : UTIL.getSupportedCallingCodes()) {
      if (code < codes.length) {
        codes[code] = true;
      }
    }
    return codes;
  }

  private static CallingCode load(int code) {
    MetadataSource source =
        DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
    String region = UTIL.getRegionCodeForCountryCode(code);
    PhoneMetadata metadata =
        PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region)
            ? source.getMetadataForNonGeographicalRegion(code)
            : source.getMetadataForRegion(region);
    if (metadata == null
        || (metadata.hasNationalPrefixTransformRule()
            && !metadata.getNationalPrefixTransformRule().isEmpty())) {
      return UNSUPPORTED; // libphonenumber rewrites such numbers; leave them to it
    }
    int max = 0;
    for (int length : metadata.getGeneralDesc().getPossibleLengthList()) {
      max = Math.max(max, length);
    }
    boolean[] lengths = new boolean[max + 1];
    for (int length : metadata.getGeneralDesc().getPossibleLengthList()) {
      lengths[length] = true;
    }
    String prefix = metadata.getNationalPrefixForParsing();
    String idd = metadata.getInternationalPrefix();
    return new CallingCode(
        code, Integer.toString(code), lengths, Prefix.of(prefix), Prefix.of(idd));
  }
}
