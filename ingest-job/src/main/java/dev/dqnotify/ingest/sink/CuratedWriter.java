package dev.dqnotify.ingest.sink;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.to_date;

import dev.dqnotify.ingest.parse.ParsedRecord;
import dev.dqnotify.ingest.reference.Store;
import dev.dqnotify.ingest.reference.StoreDirectory;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the clean messages as the curated Delta Lake table: one row per reading, enriched with the
 * store's metadata (a broadcast join), partitioned by the UTC date of {@code sent_at}.
 *
 * <p>Exactly once, by batch id: each micro-batch is one Delta commit that carries the streaming
 * query's id and the batch id as Delta's idempotent-write marker ({@code txnAppId},
 * {@code txnVersion}). A batch that Spark runs again after a failure finds its marker in the table's
 * log and adds nothing. The query id lives in the checkpoint: a restart continues it, while a
 * replay with a fresh checkpoint (whose batch ids start at 0 again) is a new writer.
 *
 * <p>In parallel: a batch is written by the tasks that hold it (one per Kafka partition of the
 * batch), each writing its own file per date; nothing funnels a batch into one task.
 */
public final class CuratedWriter implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(CuratedWriter.class);

  /** The table format: {@code spark.read().format(FORMAT).load(path)}. */
  public static final String FORMAT = "delta";
  static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";
  static final String EXTENSIONS_KEY = "spark.sql.extensions";
  static final String SESSION_CATALOG_KEY = "spark.sql.catalog.spark_catalog";
  /** {@code table}, {@code db.table} or {@code catalog.db.table}; plain identifiers only. */
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,2}");
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
  /** The catalog name of the table, or null when it is only a path. */
  private final String tableName;
  private final List<Row> stores;

  /** Writes under {@code path}, enriching from {@code stores}; no catalog name. */
  public CuratedWriter(String path, StoreDirectory stores) {
    this(path, Optional.empty(), stores);
  }

  /** Writes under {@code path}, also registered as {@code tableName} in the session's catalog when given. */
  public CuratedWriter(String path, Optional<String> tableName, StoreDirectory stores) {
    this.path = path;
    this.tableName = tableName.map(CuratedWriter::checkedTableName).orElse(null);
    this.stores = new ArrayList<>();
    for (Store store : stores.all()) {
      this.stores.add(RowFactory.create(store.storeId(), store.name(), store.sizeClass(), store.region(),
          store.team(), store.timezone()));
    }
  }

  /**
   * Returns {@code name} if it is a plain table name — it goes into SQL — or fails saying what is.
   *
   * @throws IllegalArgumentException naming the valid forms
   */
  public static String checkedTableName(String name) {
    if (!TABLE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a table name; expected letters, digits and _, "
          + "optionally qualified: curated_readings, dq.curated_readings or catalog.dq.curated_readings");
    }
    return name;
  }

  /**
   * Adds the Delta Lake session extension and catalog to a session about to be built, keeping
   * what the user submitted: other extensions stay (Delta's is appended), and a session catalog set
   * with {@code --conf spark.sql.catalog.spark_catalog=…} is not replaced. Both are static settings,
   * so they must be on the builder before the first session exists; {@code submitted} is the
   * configuration spark-submit passed ({@code new SparkConf()}).
   */
  public static SparkSession.Builder withDeltaLake(SparkSession.Builder builder, SparkConf submitted) {
    deltaSessionSettings(submitted).forEach(builder::config);
    return builder;
  }

  /** The settings {@link #withDeltaLake} adds to a session, given what was submitted. */
  static Map<String, String> deltaSessionSettings(SparkConf submitted) {
    Map<String, String> settings = new LinkedHashMap<>();
    String extensions = submitted.get(EXTENSIONS_KEY, "").trim();
    if (Arrays.stream(extensions.split(",")).map(String::trim).noneMatch(DELTA_EXTENSION::equals)) {
      settings.put(EXTENSIONS_KEY, extensions.isEmpty() ? DELTA_EXTENSION : extensions + "," + DELTA_EXTENSION);
    }
    if (!submitted.contains(SESSION_CATALOG_KEY)) {
      settings.put(SESSION_CATALOG_KEY, DELTA_CATALOG);
    }
    return settings;
  }

  /**
   * Makes sure the table exists before the first batch: creates an empty Delta table with the
   * curated columns, partitioned by date, when the path is empty, and registers it under its name.
   *
   * @throws IllegalStateException when the path holds files but no Delta table — Parquet written by
   *     a version before the table — with what to do (convert it once, or choose another path)
   */
  public void prepare(SparkSession spark) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      requireNoOtherFiles(spark);
      StructType columns = curate(spark.emptyDataset(Encoders.bean(ParsedRecord.class))).schema();
      spark.createDataFrame(List.of(), columns).write().format(FORMAT).mode(SaveMode.Append).partitionBy("date")
          .save(path);
      log.info("Created the curated Delta table at {}", path);
    }
    if (tableName != null) {
      spark.sql("CREATE TABLE IF NOT EXISTS " + tableName + " USING delta LOCATION '"
          + path.replace("\\", "\\\\").replace("'", "\\'") + "'");
      log.info("The curated table {} is registered at {}", tableName, path);
    }
  }

  private void requireNoOtherFiles(SparkSession spark) {
    Path root = new Path(path);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        return;
      }
      FileStatus[] visible = fs.listStatus(root, p -> !p.getName().startsWith("_") && !p.getName().startsWith("."));
      if (visible.length > 0) {
        throw new IllegalStateException(path + " holds files (" + visible[0].getPath().getName() + ", …) but no Delta "
            + "table (no _delta_log): Parquet written by a dqnotify version before the curated table? Convert it once "
            + "with CONVERT TO DELTA parquet.`" + path + "` PARTITIONED BY (date DATE) (docs/runbook.md, 'Curated "
            + "Parquet to the Delta table'), or choose an empty path");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
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

  /** Appends one micro-batch's curated rows; running it again for the same batch adds nothing. */
  public void write(Dataset<ParsedRecord> clean, long batchId) {
    String query = clean.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
    if (query == null) {
      throw new IllegalStateException("The curated rows are written from a streaming query's foreachBatch, whose "
          + "query id makes the write idempotent; no query id is set on this thread");
    }
    curate(clean).write().format(FORMAT).mode(SaveMode.Append).partitionBy("date")
        .option("txnAppId", query).option("txnVersion", batchId)
        .save(path);
  }
}
