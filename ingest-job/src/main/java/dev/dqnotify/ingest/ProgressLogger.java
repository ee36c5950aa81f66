package dev.dqnotify.ingest;

import dev.dqnotify.config.Redaction;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each micro-batch's progress in one line (records, rates, duration) and the end of the
 * query; a query that dies is logged at ERROR with its cause. A batch's records by arrival and its
 * DqEvents by type are logged by {@link BatchProcessor}.
 */
final class ProgressLogger extends StreamingQueryListener {
  private static final Logger log = LoggerFactory.getLogger(ProgressLogger.class);

  /** An exception's text may quote a client property (a JAAS line, a URL with credentials). */
  private final Redaction redaction;

  ProgressLogger(Redaction redaction) {
    this.redaction = redaction;
  }

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
    log.info("Batch {}: {} records, {} records/s in, {} records/s processed, {} ms",
        progress.batchId(), progress.numInputRows(),
        Math.round(progress.inputRowsPerSecond()), Math.round(progress.processedRowsPerSecond()),
        progress.batchDuration());
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (event.exception().isDefined()) {
      log.error("Query {} died: {}", event.id(), redaction.mask(event.exception().get()));
    } else {
      log.info("Query {} stopped", event.id());
    }
  }
}
