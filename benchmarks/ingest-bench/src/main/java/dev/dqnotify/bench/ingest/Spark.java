package dev.dqnotify.bench.ingest;

import dev.dqnotify.ingest.sink.CuratedWriter;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The one Spark session of the harness: {@code local[2]} as on the benchmark machine, UI off, 2 shuffle partitions. */
final class Spark {

  private Spark() {}

  static SparkSession session() {
    // Delta's session extension and catalog, as the job sets them for its curated table.
    SparkSession spark = CuratedWriter.withDeltaLake(SparkSession.builder(), new SparkConf())
        .master("local[2]")
        .appName("dqnotify-ingest-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.streaming.minBatchesToRetain", "5")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
