package dev.dqnotify.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.dqnotify.ingest.parse.ParsedRecord;
import dev.dqnotify.ingest.parse.Reading;
import dev.dqnotify.ingest.reference.StoreDirectory;
import dev.dqnotify.ingest.testing.IngestFixture;
import dev.dqnotify.ingest.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CuratedWriterTest {
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";
  private final SparkSession spark = SparkTestSession.get();

  @TempDir Path dir;
  private StoreDirectory stores;

  @BeforeEach
  void actAsAStreamingQuery() throws Exception {
    stores = StoreDirectory.load(Files.writeString(dir.resolve("stores.csv"), IngestFixture.STORES_CSV));
    spark.sparkContext().setLocalProperty(QUERY_ID_PROPERTY, UUID.randomUUID().toString());
  }

  @AfterEach
  void clearQueryId() {
    spark.sparkContext().setLocalProperty(QUERY_ID_PROPERTY, null);
  }

  @Test
  void aBatchWrittenAgainAddsNoRowsAndTheNextBatchAddsItsOwn() {
    CuratedWriter writer = prepared(dir.resolve("table"), Optional.empty());
    writer.write(batch(3, 4, 0), 0);
    writer.write(batch(3, 4, 0), 0); // Spark re-runs batch 0 after a failure

    assertThat(rows(dir.resolve("table"))).isEqualTo(3 * 4 * 10);

    writer.write(batch(1, 2, 100), 1);
    assertThat(rows(dir.resolve("table"))).isEqualTo(3 * 4 * 10 + 2 * 10);
  }

  @Test
  void aReplayWithAFreshCheckpointIsANewWriterAndAddsItsRows() {
    CuratedWriter writer = prepared(dir.resolve("table"), Optional.empty());
    writer.write(batch(1, 2, 0), 0);
    spark.sparkContext().setLocalProperty(QUERY_ID_PROPERTY, UUID.randomUUID().toString());
    writer.write(batch(1, 2, 0), 0);

    assertThat(rows(dir.resolve("table"))).isEqualTo(2 * 2 * 10);
  }

  @Test
  void aBatchIsWrittenByEachOfItsPartitionsNotFunnelledIntoOneTask() {
    CuratedWriter writer = prepared(dir.resolve("table"), Optional.empty());
    writer.write(batch(3, 5, 0), 0); // three Kafka partitions, one date

    Dataset<?> table = spark.read().format(CuratedWriter.FORMAT).load(dir.resolve("table").toString());
    assertThat(table.inputFiles()).hasSize(3).allSatisfy(file -> assertThat(file).contains("date=2026-11-25"));
  }

  @Test
  void theTableIsReadableBySqlUnderItsRegisteredNameWithTheCuratedColumns() {
    String name = "curated_" + UUID.randomUUID().toString().replace("-", "");
    CuratedWriter writer = prepared(dir.resolve("table"), Optional.of(name));
    assertThat(spark.sql("SELECT count(*) FROM " + name).first().getLong(0)).isZero();

    writer.write(batch(2, 3, 0), 0);

    assertThat(spark.sql("SELECT count(*) FROM " + name + " WHERE date = DATE'2026-11-25'").first().getLong(0))
        .isEqualTo(2 * 3 * 10);
    assertThat(spark.table(name).columns()).containsExactly("date", "store_id", "store_name", "size_class", "region",
        "team", "timezone", "sensor_id", "device_type", "manufacturer", "firmware", "message_id", "sent_at",
        "reading_ts", "metric", "value", "interval_s", "source_topic", "source_partition", "source_offset");
    assertThat(spark.sql("SELECT count(*) FROM delta.`" + dir.resolve("table") + "`").first().getLong(0))
        .isEqualTo(2 * 3 * 10);
  }

  @Test
  void preparingAgainKeepsTheRows() {
    CuratedWriter writer = prepared(dir.resolve("table"), Optional.empty());
    writer.write(batch(1, 2, 0), 0);

    prepared(dir.resolve("table"), Optional.empty());

    assertThat(rows(dir.resolve("table"))).isEqualTo(2 * 10);
  }

  @Test
  void parquetOfAnEarlierVersionIsRefusedWithHowToConvertItAndAcceptedOnceConverted() {
    Path old = dir.resolve("old");
    CuratedWriter writer = new CuratedWriter(old.toString(), stores);
    writer.curate(batch(1, 2, 0)).write().partitionBy("date").parquet(old.toString());

    assertThatThrownBy(() -> writer.prepare(spark))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no Delta table")
        .hasMessageContaining("CONVERT TO DELTA parquet.`" + old + "` PARTITIONED BY (date DATE)");

    spark.sql("CONVERT TO DELTA parquet.`" + old + "` PARTITIONED BY (date DATE)");
    writer.prepare(spark);
    writer.write(batch(1, 3, 10), 0);
    assertThat(rows(old)).isEqualTo(2 * 10 + 3 * 10);
  }

  @Test
  void aTableNameThatIsNoIdentifierIsRefused() {
    assertThatThrownBy(() -> new CuratedWriter("x", Optional.of("dq.curated; DROP TABLE x"), stores))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a table name");
  }

  @Test
  void deltaIsAddedToTheSessionWithoutReplacingWhatWasSubmitted() {
    SparkConf submitted = new SparkConf(false)
        .set("spark.sql.extensions", "com.example.Extensions")
        .set("spark.sql.catalog.spark_catalog", "com.example.Catalog");

    assertThat(CuratedWriter.deltaSessionSettings(submitted)).as("the submitted catalog stays")
        .containsExactly(entry("spark.sql.extensions", "com.example.Extensions," + CuratedWriter.DELTA_EXTENSION));
    assertThat(CuratedWriter.deltaSessionSettings(new SparkConf(false))).containsExactly(
        entry("spark.sql.extensions", CuratedWriter.DELTA_EXTENSION),
        entry("spark.sql.catalog.spark_catalog", CuratedWriter.DELTA_CATALOG));
    assertThat(CuratedWriter.deltaSessionSettings(new SparkConf(false)
        .set("spark.sql.extensions", CuratedWriter.DELTA_EXTENSION))).as("already there: not added twice")
        .containsOnlyKeys("spark.sql.catalog.spark_catalog");
  }

  private CuratedWriter prepared(Path path, Optional<String> table) {
    CuratedWriter writer = new CuratedWriter(path.toString(), table, stores);
    writer.prepare(spark);
    return writer;
  }

  private long rows(Path path) {
    return spark.read().format(CuratedWriter.FORMAT).load(path.toString()).count();
  }

  /** {@code partitions} Kafka partitions with {@code perPartition} clean messages of ten readings each. */
  private Dataset<ParsedRecord> batch(int partitions, int perPartition, long firstOffset) {
    List<ParsedRecord> records = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      for (int i = 0; i < perPartition; i++) {
        records.add(message(p, firstOffset + i));
      }
    }
    // parallelize cuts the list into equal consecutive slices: one per Kafka partition, as the source reads them
    return spark.createDataset(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(records, partitions)
        .rdd(), Encoders.bean(ParsedRecord.class));
  }

  private static ParsedRecord message(int partition, long offset) {
    ParsedRecord record = new ParsedRecord();
    record.setTopic("sensor-raw");
    record.setPartition(partition);
    record.setOffset(offset);
    record.setMessageId("m-" + partition + "-" + offset);
    record.setSchemaVersion(1);
    record.setStoreId("store-0001");
    record.setSensorId("s-1");
    record.setDeviceType("climate");
    record.setManufacturer("Nordlys");
    record.setSentAtMs(T0.toEpochMilli() + offset * 1000);
    record.setIntervalS(60);
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Reading reading = new Reading();
      reading.setTsMs(T0.toEpochMilli() + offset * 1000);
      reading.setMetric("temperature_c");
      reading.setValue(21.5);
      readings.add(reading);
    }
    record.setReadings(readings);
    record.setArrival("CLEAN");
    return record;
  }
}
