package dev.matchlist.server.audiences;

/**
 * What the audience's membership says right now, for its read fields: the size as a range and the
 * two statuses. Until matching runs, an audience is empty: 0–0, "no upload yet" or "populating",
 * "too small".
 *
 * @param operationStatus Meta's operation_status code (200 normal, 410 no upload yet, 411 low match
 *     rate, 412 many invalid entries, 414 replace in progress, 415 replace failed, 441 populating)
 * @param deliveryStatus Meta's delivery_status code (200 ready, 300 below the minimum size)
 * @param timeContentUpdated when the membership last changed, Unix seconds; 0 when not known, and
 *     the catalog's time is reported instead
 */
public record AudienceState(
    long approximateCountLowerBound,
    long approximateCountUpperBound,
    int operationStatus,
    int deliveryStatus,
    long timeContentUpdated) {
  /** A state that does not know when the content last changed. */
  public AudienceState(
      long approximateCountLowerBound,
      long approximateCountUpperBound,
      int operationStatus,
      int deliveryStatus) {
    this(
        approximateCountLowerBound, approximateCountUpperBound, operationStatus, deliveryStatus, 0);
  }

  /** An audience that has received no upload yet. */
  public static AudienceState noUploadYet() {
    return new AudienceState(0, 0, 410, 300);
  }

  static String operationDescription(int code) {
    return switch (code) {
      case 200 -> "Normal";
      case 410 -> "No upload yet: this audience has not received any customer data.";
      case 411 -> "Low match rate: few of the uploaded people could be matched.";
      case 412 -> "High invalid rate: many entries of the last session were invalid.";
      case 414 -> "Replace in progress.";
      case 415 -> "Replace failed: the audience kept its previous members.";
      case 441 -> "Populating: uploaded data is being matched.";
      default -> "Status " + code;
    };
  }

  static String deliveryDescription(int code) {
    return switch (code) {
      case 200 -> "This audience is ready for use.";
      case 300 -> "Audience is too small to be used in campaign creation.";
      default -> "Status " + code;
    };
  }
}
