package dev.dqnotify.ingest.testing;

import org.apache.spark.sql.SparkSession;

/** The one Spark session of a test JVM: local[2], no UI, two shuffle partitions. */
public final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("dqnotify-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.sql.streaming.minBatchesToRetain", "5")
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}
