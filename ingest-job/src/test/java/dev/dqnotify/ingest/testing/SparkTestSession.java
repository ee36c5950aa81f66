package dev.dqnotify.ingest.testing;

import dev.dqnotify.ingest.LocalSpark;
import org.apache.spark.sql.SparkSession;

/** The one Spark session of a test JVM ({@link LocalSpark}). */
public final class SparkTestSession {

  private SparkTestSession() {}

  public static SparkSession get() {
    return LocalSpark.session("dqnotify-tests");
  }
}
