package dev.dqnotify.ingest.sink;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.broadcast;

import dev.dqnotify.ingest.enrich.Store;
import dev.dqnotify.ingest.enrich.StoreDirectory;
import dev.dqnotify.ingest.parse.ParsedRecord;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the clean messages as curated Parquet: one row per reading, enriched with the store's
 * metadata (a broadcast join), partitioned by the UTC date of {@code sent_at}.
 *
 * <p>Exactly once, by batch id: a batch is written to a staging folder and its files are then
 * moved to {@code date=…/<query>-batch-<id>-<n>.parquet}, after removing what an earlier attempt of
 * the same batch left there. A micro-batch that is re-run after a failure therefore replaces its
 * own files instead of adding duplicates. {@code <query>} is the streaming query's id, which Spark
 * keeps in the checkpoint: a restart continues the same names, while a replay with a fresh
 * checkpoint (whose batch ids start at 0 again) can never replace the first run's files. Readers use {@code spark.read().parquet(path)}; the staging
 * folder starts with an underscore, which Spark's readers skip.
 */
public final class CuratedWriter implements Serializable {
  private static final long serialVersionUID = 1L;

  static final String STAGING = "_staging";
  /** Where Spark keeps the running streaming query's id, on the thread that runs its batches. */
  private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";
  private static final StructType STORE_COLUMNS = new StructType()
      .add("store_id", DataTypes.StringType)
      .add("store_name", DataTypes.StringType)
      .add("size_class", DataTypes.StringType)
      .add("region", DataTypes.StringType)
      .add("team", DataTypes.StringType)
      .add("timezone", DataTypes.StringType);

  private final String path;
  private final List<Row> stores;

  /** Writes under {@code path}, enriching from {@code stores}. */
  public CuratedWriter(String path, StoreDirectory stores) {
    this.path = path;
    this.stores = new ArrayList<>();
    for (Store store : stores.all()) {
      this.stores.add(RowFactory.create(store.storeId(), store.name(), store.sizeClass(), store.region(),
          store.team(), store.timezone()));
    }
  }

  /** Flattens and enriches {@code clean} messages; one row per reading. */
  public Dataset<Row> curate(Dataset<ParsedRecord> clean) {
    SparkSession spark = clean.sparkSession();
    Dataset<Row> storeRows = spark.createDataFrame(stores, STORE_COLUMNS);
    Dataset<Row> readings = clean.toDF()
        .select(col("messageId").as("message_id"), col("storeId").as("msg_store_id"),
            col("sensorId").as("sensor_id"), col("deviceType").as("device_type"), col("manufacturer"),
            col("firmware"), col("sentAtMs"), col("intervalS").as("interval_s"),
            col("topic").as("source_topic"), col("partition").as("source_partition"),
            col("offset").as("source_offset"), explode(col("readings")).as("reading"))
        .withColumn("sent_at", col("sentAtMs").divide(1000).cast(DataTypes.TimestampType))
        .withColumn("reading_ts", col("reading.tsMs").divide(1000).cast(DataTypes.TimestampType))
        .withColumn("metric", col("reading.metric"))
        .withColumn("value", col("reading.value"))
        .drop("reading", "sentAtMs");
    return readings
        .join(broadcast(storeRows), readings.col("msg_store_id").equalTo(storeRows.col("store_id")), "left")
        .drop("store_id")
        .withColumnRenamed("msg_store_id", "store_id")
        .withColumn("date", to_date(col("sent_at")))
        .select("date", "store_id", "store_name", "size_class", "region", "team", "timezone", "sensor_id",
            "device_type", "manufacturer", "firmware", "message_id", "sent_at", "reading_ts", "metric", "value",
            "interval_s", "source_topic", "source_partition", "source_offset");
  }

  /** Writes one micro-batch's curated rows; running it again for the same batch replaces them. */
  public void write(Dataset<ParsedRecord> clean, long batchId) {
    Dataset<Row> rows = curate(clean);
    Configuration hadoop = clean.sparkSession().sparkContext().hadoopConfiguration();
    Path root = new Path(path);
    String query = clean.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
    String batchName = (query == null ? "" : query.substring(0, 8) + "-") + "batch-" + batchId;
    Path staging = new Path(new Path(root, STAGING), batchName);
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      fs.delete(staging, true);
      rows.repartition(col("date")).write().mode(SaveMode.Overwrite).partitionBy("date").parquet(staging.toString());
      String prefix = batchName + "-";
      for (FileStatus dateDir : fs.listStatus(staging, p -> p.getName().startsWith("date="))) {
        Path target = new Path(root, dateDir.getPath().getName());
        fs.mkdirs(target);
        for (FileStatus earlier : fs.listStatus(target, p -> p.getName().startsWith(prefix))) {
          fs.delete(earlier.getPath(), false);
        }
        int n = 0;
        for (FileStatus file : fs.listStatus(dateDir.getPath(), p -> p.getName().endsWith(".parquet"))) {
          Path destination = new Path(target, prefix + n++ + ".parquet");
          if (!fs.rename(file.getPath(), destination)) {
            throw new IOException("Could not move " + file.getPath() + " to " + destination);
          }
        }
      }
      fs.delete(staging, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write curated batch " + batchId + " under " + path, e);
    }
  }
}
