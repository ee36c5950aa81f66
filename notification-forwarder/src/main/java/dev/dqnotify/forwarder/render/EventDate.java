package dev.dqnotify.forwarder.render;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When a notification happened, and the time it is posted with: Datadog rejects a {@code
 * date_happened} more than 18 hours in the past or 2 hours in the future.
 *
 * @param actual the event time (or detection time)
 * @param posted {@code actual}, or the nearest time inside Datadog's window when it is outside
 */
record EventDate(Instant actual, Instant posted) {

  private static final Duration PAST = Duration.ofHours(18);
  private static final Duration FUTURE = Duration.ofHours(2);
  // Leaves room for the time between rendering and Datadog receiving the event (retries included).
  private static final Duration MARGIN = Duration.ofMinutes(10);

  static EventDate place(Instant actual, Instant now) {
    Instant earliest = now.minus(PAST).plus(MARGIN);
    Instant latest = now.plus(FUTURE).minus(MARGIN);
    if (actual.isBefore(earliest)) {
      return new EventDate(actual, earliest.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
    }
    if (actual.isAfter(latest)) {
      return new EventDate(actual, latest.truncatedTo(ChronoUnit.SECONDS));
    }
    return new EventDate(actual, actual);
  }

  boolean moved() {
    return !actual.equals(posted);
  }

  /** The actual time, and when it was moved, why and to what. */
  String describe() {
    return moved()
        ? actual + " (outside Datadog's window; posted with " + posted + ")"
        : actual.toString();
  }
}
