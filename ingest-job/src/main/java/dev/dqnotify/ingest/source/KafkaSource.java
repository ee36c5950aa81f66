package dev.dqnotify.ingest.source;

import dev.dqnotify.ingest.IngestJobConfig;
import dev.dqnotify.ingest.parse.ParsedRecord;
import dev.dqnotify.ingest.parse.SensorMessageParser;
import java.util.Iterator;
import java.util.Locale;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;

/**
 * The {@code sensor-raw} stream: Spark's Kafka source, every value parsed against the contract.
 * Each Kafka record becomes exactly one {@link ParsedRecord} — a valid message or a malformed one
 * with its reason — so nothing read is ever dropped.
 *
 * <p>Spark reads each Kafka partition of a micro-batch in one task, in offset order (the job sets no
 * {@code minPartitions}); the lateness decision relies on that order.
 */
public final class KafkaSource {
  private KafkaSource() {}

  /** The parsed stream of the configured topic; {@code kafka.*} and {@code kafka.source.*} settings reach the Kafka consumer. */
  public static Dataset<ParsedRecord> read(SparkSession spark, IngestJobConfig config) {
    DataStreamReader reader = spark.readStream().format("kafka")
        .option("kafka.bootstrap.servers", config.bootstrapServers())
        .option("subscribe", config.sourceTopic())
        .option("startingOffsets", config.startingOffsets().name().toLowerCase(Locale.ROOT))
        // A topic whose old segments were deleted must not stop the job; lost ranges become
        // SOURCE_DATA_LOST events (RetentionGaps).
        .option("failOnDataLoss", "false")
        .option("maxOffsetsPerTrigger", config.maxOffsetsPerTrigger());
    config.sourceKafkaProperties().forEach((key, value) -> reader.option("kafka." + key, value));
    return reader.load()
        .select("value", "topic", "partition", "offset", "timestamp")
        .mapPartitions(parse(), Encoders.bean(ParsedRecord.class));
  }

  /**
   * Parses record by record as Spark pulls them: a task never holds more than one record of its
   * partition, however large the batch.
   */
  private static MapPartitionsFunction<Row, ParsedRecord> parse() {
    SensorMessageParser parser = new SensorMessageParser();
    return rows -> new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public ParsedRecord next() {
        Row row = rows.next();
        return parser.parse(row.isNullAt(0) ? null : (byte[]) row.get(0), row.getString(1), row.getInt(2),
            row.getLong(3), row.getTimestamp(4).getTime());
      }
    };
  }
}
