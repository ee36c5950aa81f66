package dev.dqnotify.notify.example;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import dev.dqnotify.notify.DqNotifier;
import dev.dqnotify.notify.Situation;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.StructType;

/** The example of docs/notify-from-your-job.md: an orders stream that is not about sensors. */
public final class OrdersJob {
  static final Situation NEGATIVE = Situation.named("PAYMENT_AMOUNT_NEGATIVE").severity("ERROR")
      .when(col("amount").lt(0)).labels("order_id", "customer_id").details("amount", "currency")
      .summary("order {order_id} has a negative payment amount {amount} {currency}").eventTime("ordered_at").build();
  static final Situation NO_CUSTOMER = Situation.named("ORDER_WITHOUT_CUSTOMER")
      .when(col("customer_id").isNull()).labels("order_id").summary("order {order_id} has no customer").build();

  private OrdersJob() {}

  /** Reads JSON orders from {@code ordersTopic} and writes their situations to {@code outboxTopic}. */
  public static StreamingQuery start(SparkSession spark, String bootstrap, String registryUrl, String ordersTopic,
      String outboxTopic, String checkpoint, Trigger trigger) throws TimeoutException {
    DqNotifier notifier = DqNotifier.builder().job("orders-enrich").team("payments").env("dev")
        .bootstrapServers(bootstrap).registryUrl(registryUrl).topic(outboxTopic).build();
    StructType order = StructType.fromDDL(
        "order_id STRING, customer_id STRING, amount DOUBLE, currency STRING, ordered_at TIMESTAMP");
    Dataset<Row> orders = spark.readStream().format("kafka").option("kafka.bootstrap.servers", bootstrap)
        .option("subscribe", ordersTopic).option("startingOffsets", "earliest").load()
        .select(from_json(col("value").cast("string"), order).as("o"), col("topic"), col("partition"), col("offset"))
        .select("o.*", "topic", "partition", "offset");
    return notifier.writeStream(orders, NEGATIVE, NO_CUSTOMER)
        .option("checkpointLocation", checkpoint).trigger(trigger).start();
  }
}
