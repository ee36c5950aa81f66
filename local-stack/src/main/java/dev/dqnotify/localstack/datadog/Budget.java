package dev.dqnotify.localstack.datadog;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a scripted fault lasts: until an instant, for a number of requests, or until cleared.
 * Not thread-safe; {@link Faults} guards every budget with its own lock.
 */
final class Budget {

  private static final int UNCOUNTED = -1;

  private final Instant end;
  private int remaining;

  private Budget(Instant end, int remaining) {
    this.end = end;
    this.remaining = remaining;
  }

  static Budget untilCleared() {
    return new Budget(null, UNCOUNTED);
  }

  static Budget until(Instant end) {
    return new Budget(end, UNCOUNTED);
  }

  static Budget nextRequests(int count) {
    return new Budget(null, count);
  }

  /** True once the end has passed or every counted request was used. */
  boolean isSpent(Instant now) {
    return (end != null && !now.isBefore(end)) || remaining == 0;
  }

  /** Uses one request of a counted budget; time-bounded budgets are not affected. */
  void spendOne() {
    if (remaining > 0) {
      remaining--;
    }
  }

  Optional<Instant> end() {
    return Optional.ofNullable(end);
  }

  String describe(Instant now) {
    if (end != null) {
      return "for another " + Duration.between(now, end).toMillis() + " ms";
    }
    if (remaining != UNCOUNTED) {
      return "for the next " + remaining + " request(s)";
    }
    return "until cleared";
  }
}
