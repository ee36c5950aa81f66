package dev.dqnotify.bench.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_timestamp;

import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The bare Spark pipeline the job is compared with: Kafka → {@code from_json} with the contract's
 * schema → one row per reading ({@code explode}) → Parquet partitioned by the date of {@code sent_at}.
 * No validation, no detectors, no enrichment, no outbox: what Spark alone costs for the same input and
 * a similar output.
 */
final class BarePipeline {

  private BarePipeline() {}

  /**
   * Starts the bare pipeline available-now over the job's settings {@code source.bootstrap-servers},
   * {@code source.topic}, {@code source.max-offsets-per-trigger} (optional), {@code sink.curated-path} and
   * {@code checkpoint.path}.
   */
  static StreamingQuery start(SparkSession spark, Map<String, String> settings) throws TimeoutException {
    StructType reading = new StructType().add("ts", DataTypes.StringType).add("metric", DataTypes.StringType)
        .add("value", DataTypes.DoubleType);
    StructType message = new StructType().add("message_id", DataTypes.StringType)
        .add("store_id", DataTypes.StringType)
        .add("device", new StructType().add("sensor_id", DataTypes.StringType).add("type", DataTypes.StringType))
        .add("sent_at", DataTypes.StringType)
        .add("payload", new StructType().add("interval_s", DataTypes.IntegerType)
            .add("readings", DataTypes.createArrayType(reading)));
    var reader = spark.readStream().format("kafka")
        .option("kafka.bootstrap.servers", settings.get("source.bootstrap-servers"))
        .option("subscribe", settings.get("source.topic"))
        .option("startingOffsets", "earliest")
        .option("failOnDataLoss", "false");
    if (settings.containsKey("source.max-offsets-per-trigger")) {
      reader.option("maxOffsetsPerTrigger", settings.get("source.max-offsets-per-trigger"));
    }
    return reader.load()
        .select(from_json(col("value").cast("string"), message).as("m"))
        .select(col("m.message_id"), col("m.store_id"), col("m.device.sensor_id").as("sensor_id"),
            to_timestamp(col("m.sent_at")).as("sent_at"), explode(col("m.payload.readings")).as("r"))
        .select(col("message_id"), col("store_id"), col("sensor_id"), col("sent_at"),
            to_timestamp(col("r.ts")).as("reading_ts"), col("r.metric").as("metric"), col("r.value").as("value"),
            to_date(col("sent_at")).as("date"))
        .writeStream().format("parquet").partitionBy("date")
        .option("path", settings.get("sink.curated-path"))
        .option("checkpointLocation", settings.get("checkpoint.path"))
        .trigger(Trigger.AvailableNow())
        .start();
  }
}
