package dev.dqnotify.ingest.detect;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The thresholds of every detector, as configured (defaults from the contract). Immutable and
 * serializable: Spark ships it to every task.
 *
 * @param minPoints fewest readings a message may carry, for a store of unknown size class
 * @param minPointsBySizeClass overrides of {@code minPoints} per size class ({@code S}, {@code M}, {@code L})
 * @param allowedLateness how far behind the watermark's base a message may be before it is late
 * @param duplicateHorizon how long a message id is remembered
 * @param silenceTimeout how long a store may send nothing before it counts as silent
 * @param ranges valid range per metric; a metric without a range is not checked
 */
public record DetectionRules(
    int minPoints,
    Map<String, Integer> minPointsBySizeClass,
    Duration allowedLateness,
    Duration duplicateHorizon,
    Duration silenceTimeout,
    Map<String, MetricRange> ranges)
    implements Serializable {

  /** The contract's default ranges (inclusive). */
  public static final Map<String, MetricRange> DEFAULT_RANGES =
      Map.of(
          "temperature_c", new MetricRange(-40, 85),
          "humidity_pct", new MetricRange(0, 100),
          "count_in", new MetricRange(0, 10_000),
          "count_out", new MetricRange(0, 10_000),
          "power_w", new MetricRange(0, 1_000_000),
          "weight_g", new MetricRange(0, 1_000_000),
          "open", new MetricRange(0, 1));

  /** Copies the maps, so the rules cannot change under a running job. */
  public DetectionRules {
    minPointsBySizeClass = Map.copyOf(minPointsBySizeClass);
    ranges = Map.copyOf(ranges);
  }

  /** The contract's defaults: 10 points, 10 min lateness, 1 h horizon, 15 min silence. */
  public static DetectionRules defaults() {
    return new DetectionRules(10, Map.of(), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofMinutes(15),
        DEFAULT_RANGES);
  }

  /** The fewest readings a message of a store of {@code sizeClass} (null if unknown) may carry. */
  public int minPointsFor(String sizeClass) {
    return sizeClass == null ? minPoints : minPointsBySizeClass.getOrDefault(sizeClass, minPoints);
  }

  /** The valid range of {@code metric}, if it has one. */
  public Optional<MetricRange> rangeOf(String metric) {
    return Optional.ofNullable(ranges.get(metric));
  }
}
