package dev.dqnotify.ingest;

import static org.apache.spark.sql.functions.col;

import dev.dqnotify.ingest.detect.Arrival;
import dev.dqnotify.ingest.detect.SilenceCheckpoint;
import dev.dqnotify.ingest.detect.Situation;
import dev.dqnotify.ingest.detect.SituationDetector;
import dev.dqnotify.ingest.detect.StoreActivityAccumulator;
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
      // count(), not isEmpty(): it fills the cache from every partition at once. isEmpty() reads
      // the first partition alone, leaving the rest (with the detectors on: the arrival
      // classifier of the other state partitions) to the next job while a core stands idle.
      if (batch.count() == 0) {
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

  /**
   * One pass over the batch runs the per-record detectors, writes their DqEvents and collects each
   * store's on-time activity; STORE_SILENT follows on the driver from that activity, and the few
   * silences it finds are written after.
   */
  private void emitSituations(Dataset<ParsedRecord> batch, long batchId, long detectedAtMs) {
    SilenceCheckpoint checkpoint =
        new SilenceCheckpoint(config.checkpointPath(), batch.sparkSession().sparkContext().hadoopConfiguration());
    StoreSilenceDetector silence = new StoreSilenceDetector(config.rules(), stores);
    StoreActivityAccumulator activity = silence.newAccumulator();
    batch.sparkSession().sparkContext().register(activity, "store activity");
    Dataset<Situation> situations =
        batch.flatMap(perRecord(new SituationDetector(config.rules(), stores), activity), SITUATIONS);
    // Counted while encoding (Spark's Observation never completes inside foreachBatch: its
    // listener waits for a nested execution that is not reported).
    Map<String, Long> counts = new TreeMap<>(outbox.write(situations, detectedAtMs));

    // The state after the newest earlier batch, never this batch's own: a re-run finds the same.
    checkpoint.before(batchId).ifPresent(silence::restore);
    List<Situation> silences = silence.advance(activity.value());
    checkpoint.save(batchId, silence.snapshot());
    if (!silences.isEmpty()) {
      outbox.write(batch.sparkSession().createDataset(silences, SITUATIONS), detectedAtMs)
          .forEach((type, n) -> counts.merge(type, n, Long::sum));
    }
    log.info("Batch {}: {} DqEvents written to {} {}", batchId,
        counts.values().stream().mapToLong(Long::longValue).sum(), config.outboxTopic(), counts);
  }

  private static FlatMapFunction<ParsedRecord, Situation> perRecord(SituationDetector detector,
      StoreActivityAccumulator activity) {
    return record -> {
      activity.add(record);
      return detector.detect(record).iterator();
    };
  }
}
