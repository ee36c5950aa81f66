package dev.dqnotify.ingest;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.dqnotify.ingest.detect.SourceDataLossDetector;
import org.apache.spark.SparkEnv;
import org.apache.spark.metrics.source.Source;

/**
 * The job's own figures as a source of Spark's metrics system on the driver, named
 * {@value #SOURCE_NAME}: every sink configured for Spark (JMX, the Prometheus servlet, Graphite,
 * StatsD…) reports them beside Spark's own, e.g. {@code <app id>.driver.dqnotify.source_offsets_lost_total}.
 *
 * <p>Spark's metrics system rather than the forwarder's Micrometer registries: a Spark job's operators
 * configure their sinks there, and a second registry would be a second place to scrape. The shape is
 * the forwarder's otherwise: names declared once, here, each registered once; the happening itself
 * (a lost range) is logged and counted by the one type that detects it.
 */
final class JobMetrics implements Source, AutoCloseable {
  static final String SOURCE_NAME = "dqnotify";

  private final MetricRegistry registry = new MetricRegistry();

  /** Figures read from {@code dataLoss}, the detector that logs and counts each lost range. */
  JobMetrics(SourceDataLossDetector dataLoss) {
    registry.register("source_offsets_lost_total", (Gauge<Long>) dataLoss::offsetsLostTotal);
  }

  /** Registers with the driver's metrics system, when there is one. */
  JobMetrics register() {
    SparkEnv env = SparkEnv.get();
    if (env != null) {
      env.metricsSystem().registerSource(this);
    }
    return this;
  }

  @Override
  public String sourceName() {
    return SOURCE_NAME;
  }

  @Override
  public MetricRegistry metricRegistry() {
    return registry;
  }

  /** Leaves the metrics system once the query has ended. */
  @Override
  public void close() {
    SparkEnv env = SparkEnv.get();
    if (env != null) {
      env.metricsSystem().removeSource(this);
    }
  }
}
