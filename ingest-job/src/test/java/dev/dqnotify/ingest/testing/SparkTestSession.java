package dev.dqnotify.ingest.testing;

import dev.dqnotify.ingest.sink.CuratedWriter;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The one Spark session of a test JVM: local[2], no UI, two shuffle partitions, Delta Lake. */
public final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      // Delta's session extension and catalog, as the job sets them (SQL on the curated table).
      session = CuratedWriter.withDeltaLake(SparkSession.builder(), new SparkConf())
          .master("local[2]")
          .appName("dqnotify-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          // Delta reads its log with 50 tasks by default: right for big tables, slow for a test's.
          .config("spark.databricks.delta.snapshotPartitions", "2")
          .config("spark.sql.streaming.minBatchesToRetain", "5")
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}
