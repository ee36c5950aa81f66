package dev.dqnotify.ingest;

import dev.dqnotify.ingest.sink.CuratedWriter;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one local Spark session of a test or benchmark JVM, with the job's Delta Lake settings:
 * {@code local[2]}, UI off, two shuffle partitions, small Delta snapshots. Not used by the job itself,
 * which takes its master and settings from spark-submit.
 */
public final class LocalSpark {

  private LocalSpark() {}

  /** This JVM's session, made at the first call under {@code appName}; later calls return the same one. */
  public static synchronized SparkSession session(String appName) {
    // Delta's session extension and catalog, as the job sets them for its curated table.
    SparkSession spark = CuratedWriter.withDeltaLake(SparkSession.builder(), new SparkConf())
        .master("local[2]")
        .appName(appName)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        // Delta reads its log with 50 tasks by default: right for big tables, slow for a local one.
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.sql.streaming.minBatchesToRetain", "5")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
