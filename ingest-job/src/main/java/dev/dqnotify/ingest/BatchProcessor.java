package dev.dqnotify.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.sort_array;

import dev.dqnotify.ingest.detect.Arrival;
import dev.dqnotify.ingest.detect.SilenceCheckpoint;
import dev.dqnotify.ingest.detect.Situation;
import dev.dqnotify.ingest.detect.SituationDetector;
import dev.dqnotify.ingest.detect.StoreSilenceDetector;
import dev.dqnotify.ingest.emit.OutboxWriter;
import dev.dqnotify.ingest.enrich.StoreDirectory;
import dev.dqnotify.ingest.parse.ParsedRecord;
import dev.dqnotify.ingest.sink.CuratedWriter;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the job does with each micro-batch of classified records: every situation becomes a DqEvent
 * in the outbox, and the clean messages become curated rows. Runs on the driver inside
 * {@code foreachBatch}; Spark re-runs a failed batch with the same id and the same records, and
 * every step here gives the same result when re-run (deterministic event ids, silence state read
 * from the previous batch, curated files replaced per batch id).
 */
final class BatchProcessor implements VoidFunction2<Dataset<ParsedRecord>, Long>, Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(BatchProcessor.class);
  static final Encoder<Situation> SITUATIONS = Encoders.bean(Situation.class);

  private final IngestJobConfig config;
  private final StoreDirectory stores;
  private final OutboxWriter outbox;
  private final CuratedWriter curated;

  BatchProcessor(IngestJobConfig config, StoreDirectory stores, OutboxWriter outbox) {
    this.config = config;
    this.stores = stores;
    this.outbox = outbox;
    this.curated = new CuratedWriter(config.curatedPath(), stores);
  }

  @Override
  public void call(Dataset<ParsedRecord> batch, Long batchId) {
    long detectedAtMs = System.currentTimeMillis();
    batch.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      if (batch.isEmpty()) {
        return;
      }
      if (config.detectorsEnabled()) {
        emitSituations(batch, batchId, detectedAtMs);
      }
      curated.write(batch.filter(col("arrival").equalTo(Arrival.CLEAN.name())), batchId);
    } finally {
      batch.unpersist();
    }
  }

  private void emitSituations(Dataset<ParsedRecord> batch, long batchId, long detectedAtMs) {
    Dataset<Situation> situations = batch.flatMap(perRecord(new SituationDetector(config.rules(), stores)), SITUATIONS);
    List<Situation> silences = silences(batch, batchId);
    if (!silences.isEmpty()) {
      situations = situations.union(batch.sparkSession().createDataset(silences, SITUATIONS));
    }
    // Counted while encoding (Spark's Observation never completes inside foreachBatch: its
    // listener waits for a nested execution that is not reported).
    Map<String, Long> counts = outbox.write(situations, detectedAtMs);
    log.info("Batch {}: {} DqEvents written to {} {}", batchId,
        counts.values().stream().mapToLong(Long::longValue).sum(), config.outboxTopic(), counts);
  }

  /** STORE_SILENT, on the driver: one sorted list of on-time event times per store. */
  private List<Situation> silences(Dataset<ParsedRecord> batch, long batchId) {
    Map<String, long[]> eventTimes = new TreeMap<>();
    for (Row row : batch.filter(col("arrival").equalTo(Arrival.CLEAN.name()))
        .groupBy(col("storeId"))
        .agg(sort_array(collect_list(col("sentAtMs"))))
        .collectAsList()) {
      List<Long> times = row.getList(1);
      eventTimes.put(row.getString(0), times.stream().mapToLong(Long::longValue).toArray());
    }
    SilenceCheckpoint checkpoint =
        new SilenceCheckpoint(config.checkpointPath(), batch.sparkSession().sparkContext().hadoopConfiguration());
    StoreSilenceDetector detector = new StoreSilenceDetector(config.rules(), stores);
    checkpoint.before(batchId).ifPresent(detector::restore);
    List<Situation> found = detector.advance(eventTimes);
    checkpoint.save(batchId, detector.snapshot());
    return found;
  }

  private static FlatMapFunction<ParsedRecord, Situation> perRecord(SituationDetector detector) {
    return record -> detector.detect(record).iterator();
  }
}
