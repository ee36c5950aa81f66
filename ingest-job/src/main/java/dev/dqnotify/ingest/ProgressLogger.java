package dev.dqnotify.ingest;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each micro-batch's progress in one line (records, rates, duration) and the end of the
 * query; a query that dies is logged at ERROR with its cause. The per-situation counts of a batch
 * are logged by {@link BatchProcessor}, from the batch's observed metrics.
 */
final class ProgressLogger extends StreamingQueryListener {
  private static final Logger log = LoggerFactory.getLogger(ProgressLogger.class);
  /** Name of the observed metrics that count each batch's records by arrival. */
  static final String ARRIVALS = "arrivals";

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    log.info("Query {} started (id {}, run {})", event.name(), event.id(), event.runId());
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress progress = event.progress();
    if (progress.numInputRows() == 0) {
      return;
    }
    Row arrivals = progress.observedMetrics().get(ARRIVALS);
    log.info("Batch {}: {} records ({}), {} records/s in, {} records/s processed, {} ms",
        progress.batchId(), progress.numInputRows(), arrivals == null ? "-" : describe(arrivals),
        Math.round(progress.inputRowsPerSecond()), Math.round(progress.processedRowsPerSecond()),
        progress.batchDuration());
  }

  private static String describe(Row counts) {
    StringBuilder text = new StringBuilder();
    for (String field : counts.schema().fieldNames()) {
      text.append(text.length() == 0 ? "" : ", ").append(field).append(' ').append(counts.<Object>getAs(field));
    }
    return text.toString();
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (event.exception().isDefined()) {
      log.error("Query {} died: {}", event.id(), event.exception().get());
    } else {
      log.info("Query {} stopped", event.id());
    }
  }
}
