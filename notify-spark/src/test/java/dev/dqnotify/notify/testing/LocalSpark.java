package dev.dqnotify.notify.testing;

import org.apache.spark.sql.SparkSession;

/** The one Spark session of a test JVM: local[2], no UI, two shuffle partitions. */
public final class LocalSpark {
  private static SparkSession session;

  private LocalSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("dqnotify-notify-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}
