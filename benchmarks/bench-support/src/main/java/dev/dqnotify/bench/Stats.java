package dev.dqnotify.bench;

import java.util.Collection;
import java.util.List;

/** Order statistics: machines are noisy, so results are medians and percentiles, never means of one run. */
public final class Stats {

  private Stats() {}

  /** The median; NaN for no values. */
  public static double median(Collection<? extends Number> values) {
    return percentile(values, 50);
  }

  /**
   * The {@code p}-th percentile by linear interpolation between closest ranks (as numpy's default);
   * NaN for no values.
   */
  public static double percentile(Collection<? extends Number> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
    double rank = p / 100.0 * (sorted.size() - 1);
    int low = (int) Math.floor(rank);
    int high = (int) Math.ceil(rank);
    return sorted.get(low) + (sorted.get(high) - sorted.get(low)) * (rank - low);
  }

  /** {@code value} rounded to {@code digits} decimals, for tables. */
  public static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
