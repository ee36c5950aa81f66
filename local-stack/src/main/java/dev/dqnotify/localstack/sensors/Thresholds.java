package dev.dqnotify.localstack.sensors;

import dev.dqnotify.config.Durations;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ingest job's detection thresholds as the simulator assumes them — the same values must be
 * configured in the job (see {@link #ingestJobSettings()}), or the ground truth does not hold.
 * Defaults are the contract's ({@code shared/contracts/sensor-raw.md}).
 *
 * @param minPoints fewest readings a message may carry, for a store of unknown size class
 * @param minPointsBySizeClass overrides of {@code minPoints} per size class ({@code S}, {@code M}, {@code L})
 * @param allowedLateness how far behind its partition's newest {@code sent_at} a message may be
 * @param duplicateHorizon how long (event time) a message id is remembered
 * @param silenceTimeout how long (event time) a store may send nothing before it is silent
 * @param ranges inclusive valid range per metric; a metric without a range is not checked
 */
public record Thresholds(
    int minPoints,
    Map<String, Integer> minPointsBySizeClass,
    Duration allowedLateness,
    Duration duplicateHorizon,
    Duration silenceTimeout,
    Map<String, Range> ranges) {

  /** The contract's default ranges. */
  public static final Map<String, Range> DEFAULT_RANGES =
      Map.of(
          "temperature_c", new Range(-40, 85),
          "humidity_pct", new Range(0, 100),
          "count_in", new Range(0, 10_000),
          "count_out", new Range(0, 10_000),
          "power_w", new Range(0, 1_000_000),
          "weight_g", new Range(0, 1_000_000),
          "open", new Range(0, 1));

  /**
   * An inclusive range of valid values.
   *
   * @param min smallest valid value
   * @param max largest valid value
   */
  public record Range(double min, double max) {
    /** Checks {@code min <= max}. */
    public Range {
      if (!(min <= max)) {
        throw new IllegalArgumentException("range [" + min + ", " + max + "] has its minimum above its maximum");
      }
    }

    /** Whether {@code value} lies in the range, limits included. */
    public boolean contains(double value) {
      return value >= min && value <= max;
    }
  }

  /** Checks the values and copies the maps. */
  public Thresholds {
    if (minPoints < 0) {
      throw new IllegalArgumentException("minPoints is " + minPoints + "; expected >= 0");
    }
    minPointsBySizeClass.forEach((sizeClass, min) -> {
      if (min < 0) {
        throw new IllegalArgumentException("minPoints of size class " + sizeClass + " is " + min + "; expected >= 0");
      }
    });
    requireNonNegative("allowedLateness", allowedLateness);
    requireNonNegative("duplicateHorizon", duplicateHorizon);
    requireNonNegative("silenceTimeout", silenceTimeout);
    minPointsBySizeClass = Map.copyOf(minPointsBySizeClass);
    ranges = Map.copyOf(ranges);
  }

  /** The contract's defaults: 10 points, 10 min lateness, 1 h horizon, 15 min silence, default ranges. */
  public static Thresholds defaults() {
    return new Thresholds(10, Map.of(), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofMinutes(15),
        DEFAULT_RANGES);
  }

  /** These thresholds with another allowed lateness. */
  public Thresholds withAllowedLateness(Duration lateness) {
    return new Thresholds(minPoints, minPointsBySizeClass, lateness, duplicateHorizon, silenceTimeout, ranges);
  }

  /** These thresholds with another dedup horizon. */
  public Thresholds withDuplicateHorizon(Duration horizon) {
    return new Thresholds(minPoints, minPointsBySizeClass, allowedLateness, horizon, silenceTimeout, ranges);
  }

  /** These thresholds with another silence timeout. */
  public Thresholds withSilenceTimeout(Duration timeout) {
    return new Thresholds(minPoints, minPointsBySizeClass, allowedLateness, duplicateHorizon, timeout, ranges);
  }

  /** These thresholds with another default minimum of readings. */
  public Thresholds withMinPoints(int min) {
    return new Thresholds(min, minPointsBySizeClass, allowedLateness, duplicateHorizon, silenceTimeout, ranges);
  }

  /** These thresholds with a minimum of readings for stores of {@code sizeClass}. */
  public Thresholds withMinPoints(String sizeClass, int min) {
    Map<String, Integer> bySize = new HashMap<>(minPointsBySizeClass);
    bySize.put(sizeClass, min);
    return new Thresholds(minPoints, bySize, allowedLateness, duplicateHorizon, silenceTimeout, ranges);
  }

  /** These thresholds with {@code metric} valid in {@code [min, max]}. */
  public Thresholds withRange(String metric, double min, double max) {
    Map<String, Range> changed = new HashMap<>(ranges);
    changed.put(metric, new Range(min, max));
    return new Thresholds(minPoints, minPointsBySizeClass, allowedLateness, duplicateHorizon, silenceTimeout, changed);
  }

  /** These thresholds with {@code metric} not checked. */
  public Thresholds withoutRange(String metric) {
    Map<String, Range> changed = new HashMap<>(ranges);
    changed.remove(metric);
    return new Thresholds(minPoints, minPointsBySizeClass, allowedLateness, duplicateHorizon, silenceTimeout, changed);
  }

  /** The fewest readings a message of a store of {@code sizeClass} (null if unknown) may carry. */
  public int minPointsFor(String sizeClass) {
    return sizeClass == null ? minPoints : minPointsBySizeClass.getOrDefault(sizeClass, minPoints);
  }

  /** The valid range of {@code metric}, if it has one. */
  public Optional<Range> rangeOf(String metric) {
    return Optional.ofNullable(ranges.get(metric));
  }

  /**
   * The ingest job's settings ({@code detect.*} keys of its config) that make it judge with these
   * thresholds — pass them as {@code --conf key=value} or write them into its config file.
   */
  public Map<String, String> ingestJobSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("detect.min-points", Integer.toString(minPoints));
    new TreeMap<>(minPointsBySizeClass).forEach((sizeClass, min) ->
        settings.put("detect.min-points.size-class." + sizeClass.toLowerCase(java.util.Locale.ROOT), min.toString()));
    settings.put("detect.late.allowed-lateness", Durations.format(allowedLateness));
    settings.put("detect.duplicate.horizon", Durations.format(duplicateHorizon));
    settings.put("detect.silence.timeout", Durations.format(silenceTimeout));
    Map<String, Range> all = new TreeMap<>(DEFAULT_RANGES);
    all.putAll(ranges);
    all.forEach((metric, range) -> {
      if (!ranges.containsKey(metric)) {
        settings.put("detect.range." + metric, "none");
      } else if (!range.equals(DEFAULT_RANGES.get(metric))) {
        settings.put("detect.range." + metric, number(range.min()) + ".." + number(range.max()));
      }
    });
    return settings;
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }

  private static void requireNonNegative(String name, Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(name + " is " + value + "; expected a duration >= 0");
    }
  }
}
