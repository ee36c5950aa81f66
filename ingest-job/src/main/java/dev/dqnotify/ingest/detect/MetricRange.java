package dev.dqnotify.ingest.detect;

import java.io.Serializable;

/**
 * The inclusive range of valid values of one metric, e.g. {@code temperature_c} in [-40, 85].
 *
 * @param min the smallest valid value
 * @param max the largest valid value
 */
public record MetricRange(double min, double max) implements Serializable {

  /** Whether {@code value} lies in the range, limits included. */
  public boolean contains(double value) {
    return value >= min && value <= max;
  }

  /**
   * Parses {@code min..max}, e.g. {@code -40..85}.
   *
   * @throws IllegalArgumentException when the text is not of that form or min exceeds max
   */
  public static MetricRange parse(String text) {
    String[] parts = text.trim().split("\\.\\.", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("'" + text + "' is not a range like -40..85");
    }
    double min;
    double max;
    try {
      min = Double.parseDouble(parts[0].trim());
      max = Double.parseDouble(parts[1].trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a range like -40..85");
    }
    if (!(min <= max)) {
      throw new IllegalArgumentException("'" + text + "' has its minimum above its maximum");
    }
    return new MetricRange(min, max);
  }

  /** {@code [min, max]} with integral limits written without a fraction. */
  @Override
  public String toString() {
    return "[" + number(min) + ", " + number(max) + "]";
  }

  static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }
}
