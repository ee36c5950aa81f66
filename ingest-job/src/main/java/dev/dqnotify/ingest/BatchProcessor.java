package dev.dqnotify.ingest;

import static org.apache.spark.sql.functions.col;

import dev.dqnotify.ingest.batch.BatchDetection;
import dev.dqnotify.ingest.detect.Arrival;
import dev.dqnotify.ingest.detect.SourceDataLossDetector;
import dev.dqnotify.ingest.emit.OutboxWriter;
import dev.dqnotify.ingest.parse.ParsedRecord;
import dev.dqnotify.ingest.reference.StoreDirectory;
import dev.dqnotify.ingest.sink.CuratedWriter;
import dev.dqnotify.ingest.source.RetentionGaps;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the job does with each micro-batch: every situation becomes a DqEvent in the outbox, and the
 * clean messages become curated rows. Runs on the driver inside {@code foreachBatch}; Spark re-runs
 * a failed batch with the same id and the same records, and every step here gives the same result
 * when re-run (deterministic event ids, detector state read from the previous batch, one idempotent
 * Delta commit per batch id).
 */
final class BatchProcessor implements VoidFunction2<Dataset<ParsedRecord>, Long>, Serializable, AutoCloseable {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(BatchProcessor.class);

  private final IngestJobConfig config;
  private final StoreDirectory stores;
  private final OutboxWriter outbox;
  private final CuratedWriter curated;
  /** Source ranges Kafka deleted before they were read, and their SOURCE_DATA_LOST events. */
  private final RetentionGaps retentionGaps;
  private final SourceDataLossDetector dataLoss = new SourceDataLossDetector();
  /** The lost offsets in Spark's metrics system; driver-only. */
  private final transient JobMetrics metrics = new JobMetrics(dataLoss).register();
  /** Driver-side detector state, kept between batches; made at the first batch. */
  private transient BatchDetection detection;
  /** Runs a batch's driver-side outputs beside its curated write; made at the first batch. */
  private transient ExecutorService outputThread;

  BatchProcessor(IngestJobConfig config, StoreDirectory stores, OutboxWriter outbox, CuratedWriter curated) {
    this.config = config;
    this.stores = stores;
    this.outbox = outbox;
    this.curated = curated;
    this.retentionGaps = new RetentionGaps(config.checkpointPath(), config.bootstrapServers(), config.sourceKafkaProperties());
  }

  @Override
  public void call(Dataset<ParsedRecord> batch, Long batchId) {
    long detectedAtMs = System.currentTimeMillis();
    batch.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      if (!config.detectorsEnabled()) {
        // count(), not isEmpty(): it fills the cache from every partition at once.
        if (batch.count() > 0) {
          curated.write(batch.filter(col("arrival").equalTo(Arrival.CLEAN.name())), batchId);
        }
        return;
      }
      Configuration hadoop = batch.sparkSession().sparkContext().hadoopConfiguration();
      if (detection == null) {
        detection = new BatchDetection(config.rules(), stores, config.checkpointPath(), hadoop, retentionGaps, dataLoss);
      }
      // The rules' pass is the batch's first action: it fills the cache the curated write reads.
      // A batch without records still saves its (unchanged) state: a re-run then never finds a
      // file an earlier attempt of the same batch left.
      BatchDetection.Found found = detection.detect(batch, batchId);
      // The driver's outputs (detector state, DqEvents) need no executor: they run while the
      // executors write the curated rows, and the batch ends only when both are done.
      CompletableFuture<Void> outputs = CompletableFuture.runAsync(() -> {
        detection.commit(batchId);
        emit(found, batchId, detectedAtMs);
      }, driverOutputs());
      try {
        curated.write(found.clean(batch), batchId);
      } catch (Throwable e) { // also Spark's checked SparkException: the outputs end before the batch
        try {
          outputs.join();
        } catch (CompletionException outputsFailed) {
          e.addSuppressed(outputsFailed.getCause());
        }
        throw e;
      }
      awaitOutputs(outputs);
    } finally {
      batch.unpersist();
    }
  }

  private synchronized ExecutorService driverOutputs() {
    if (outputThread == null) {
      outputThread = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "dqnotify-batch-outputs");
        thread.setDaemon(true);
        return thread;
      });
    }
    return outputThread;
  }

  /** Stops the driver-outputs thread and closes the retention check's admin client once the query has ended. */
  @Override
  public synchronized void close() {
    if (outputThread != null) {
      outputThread.shutdown();
      outputThread = null;
    }
    retentionGaps.close();
    if (metrics != null) {
      metrics.close();
    }
  }

  /** Waits for the driver's outputs; their failure fails the batch (Spark runs it again on restart). */
  private static void awaitOutputs(CompletableFuture<Void> outputs) {
    try {
      outputs.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Writes the batch's situations to the outbox. */
  private void emit(BatchDetection.Found found, long batchId, long detectedAtMs) {
    Map<String, Long> counts = outbox.write(found.situations(), detectedAtMs);
    log.info("Batch {}: {} records {}; {} DqEvents written to {} {}; {} message ids in the dedup state{}", batchId,
        found.records(), found.arrivals(), found.situations().size(), config.outboxTopic(), counts, found.rememberedIds(),
        dataLoss.offsetsLostTotal() == 0 ? "" : "; source offsets lost to retention since start: "
            + dataLoss.offsetsLostTotal());
  }
}
