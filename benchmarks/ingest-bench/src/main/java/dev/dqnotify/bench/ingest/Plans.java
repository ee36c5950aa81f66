package dev.dqnotify.bench.ingest;

import dev.dqnotify.localstack.sensors.EventType;
import dev.dqnotify.localstack.sensors.FaultPlan;
import dev.dqnotify.localstack.sensors.Thresholds;
import java.time.Duration;

/** The thresholds and fault mix the ingest scenarios share, so both measure the same kind of traffic. */
final class Plans {

  /** Short lateness and silence, so small plans still fit every fault. */
  static final Thresholds RULES = Thresholds.defaults().withAllowedLateness(Duration.ofSeconds(30))
      .withSilenceTimeout(Duration.ofSeconds(60));

  private Plans() {}

  /**
   * About 1.5 % of {@code messages} carry a situation: out-of-range readings, too few data points,
   * duplicates, malformed records, late data and unknown stores.
   */
  static FaultPlan faults(int messages) {
    return FaultPlan.none()
        .with(EventType.OUT_OF_RANGE, Math.max(1, messages / 200))
        .with(EventType.INSUFFICIENT_DATA_POINTS, Math.max(1, messages / 400))
        .with(EventType.DUPLICATE_MESSAGE, Math.max(1, messages / 400))
        .with(EventType.MALFORMED_RECORD, Math.max(1, messages / 400))
        .with(EventType.LATE_DATA, Math.max(1, messages / 1000))
        .with(EventType.UNKNOWN_STORE, Math.max(1, messages / 1000));
  }

  /** About 2 % of {@code messages} carry a situation: {@link #faults} with twice the out-of-range readings. */
  static FaultPlan twoPercent(int messages) {
    FaultPlan faults = faults(messages);
    return faults.with(EventType.OUT_OF_RANGE, 2 * faults.count(EventType.OUT_OF_RANGE));
  }
}
