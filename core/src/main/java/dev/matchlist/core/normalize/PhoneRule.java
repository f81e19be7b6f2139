package dev.matchlist.core.normalize;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
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
 * national number is then tried as an international one without its {@code +}. Without a region a
 * value must carry its country code.
 *
 * <p>Fast path: a value that is only digits and already starts with a country code skips
 * libphonenumber's parser (a length check against its metadata decides); {@code PhoneRuleTest}
 * checks that both paths agree.
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
  private static final CallingCode UNSUPPORTED = new CallingCode(0, "", new boolean[1], null);

  /** What the fast path needs to know of one country calling code. */
  private record CallingCode(
      int code, String digits, boolean[] possibleLengths, @Nullable Pattern nationalPrefix) {
    int maxLength() {
      return possibleLengths.length - 1;
    }

    boolean isPossibleNational(int length) {
      return length < possibleLengths.length && possibleLengths[length];
    }

    /** Whether libphonenumber would strip a national (trunk) prefix from {@code national}. */
    boolean mayHaveNationalPrefix(String national, int from) {
      return nationalPrefix != null
          && nationalPrefix.matcher(national).region(from, national.length()).lookingAt();
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

  /** The answer for a digits-only value that already has its country code, or null. */
  static @Nullable Normalized fastPath(String s, @Nullable String region) {
    boolean plus = s.charAt(0) == '+';
    int from = plus ? 1 : 0;
    int length = s.length() - from;
    if (length < 4 || length > 15) {
      return null;
    }
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    CallingCode cc = callingCodeAt(s, from);
    if (cc == null) {
      return null;
    }
    int national = from + cc.digits.length();
    if (s.charAt(national) == '0' || cc.mayHaveNationalPrefix(s, national)) {
      return null;
    }
    if (!plus && region == null && cc.code != 1) {
      return null; // must also be a valid number: the slow path checks
    }
    if (!plus && region != null) {
      // A national number of the region that happens to start with its country code digits
      // ("9198765432" in India) must go to libphonenumber, which tells them apart.
      CallingCode own = callingCode(UTIL.getCountryCodeForRegion(region));
      // Longer than any national number of the region: libphonenumber then strips the code too.
      if (own != cc || length <= own.maxLength()) {
        return null;
      }
    }
    if (!cc.isPossibleNational(s.length() - national)) {
      return null;
    }
    return Normalized.of(plus ? s.substring(1) : s);
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
    return new CallingCode(
        code, Integer.toString(code), lengths, prefix.isEmpty() ? null : Pattern.compile(prefix));
  }
}
