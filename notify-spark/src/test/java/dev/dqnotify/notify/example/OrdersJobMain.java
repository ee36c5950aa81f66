package dev.dqnotify.notify.example;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Runs {@link OrdersJob} once over the orders available now, in its own JVM: how the forwarder's
 * end-to-end test starts it (Spark and the forwarder do not share a classpath).
 * Arguments: bootstrap servers, registry URL, orders topic, outbox topic, checkpoint directory.
 */
public final class OrdersJobMain {

  private OrdersJobMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      throw new IllegalArgumentException("usage: OrdersJobMain <bootstrap> <registry-url> <orders-topic>"
          + " <outbox-topic> <checkpoint-dir>");
    }
    SparkSession spark = SparkSession.builder().master("local[2]").appName("orders-enrich")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    try {
      OrdersJob.start(spark, args[0], args[1], args[2], args[3], args[4], Trigger.AvailableNow()).awaitTermination();
    } finally {
      spark.stop();
    }
  }
}
