package dev.dqnotify.ingest.parse;

import java.io.Serializable;

/** One data point of a sensor message: {@code {ts, metric, value}}. A Spark bean. */
public final class Reading implements Serializable {
  private static final long serialVersionUID = 1L;

  private long tsMs;
  private String metric;
  private double value;

  /** For Spark's bean encoder. */
  public Reading() {}

  Reading(long tsMs, String metric, double value) {
    this.tsMs = tsMs;
    this.metric = metric;
    this.value = value;
  }

  /** Time of the data point, epoch milliseconds. */
  public long getTsMs() {
    return tsMs;
  }

  public void setTsMs(long tsMs) {
    this.tsMs = tsMs;
  }

  /** Metric name, e.g. {@code temperature_c}. */
  public String getMetric() {
    return metric;
  }

  public void setMetric(String metric) {
    this.metric = metric;
  }

  /** The measured value. */
  public double getValue() {
    return value;
  }

  public void setValue(double value) {
    this.value = value;
  }

  @Override
  public String toString() {
    return metric + "=" + value + "@" + tsMs;
  }
}
