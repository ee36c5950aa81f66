package dev.dqnotify.bench.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Every micro-batch's progress as Spark reports it (rows, {@code triggerExecution} duration, start
 * time), per query run; one listener for the whole session.
 */
final class BatchLog extends StreamingQueryListener {

  /** One micro-batch. */
  record Batch(UUID runId, long batchId, Instant startedAt, long rows, long durationMs) {}

  private final List<Batch> batches = new ArrayList<>();

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public synchronized void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress p = event.progress();
    Long duration = p.durationMs().get("triggerExecution");
    batches.add(new Batch(p.runId(), p.batchId(), Instant.parse(p.timestamp()), p.numInputRows(),
        duration == null ? 0 : duration));
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  /** The batches of one run so far. */
  synchronized List<Batch> of(UUID runId) {
    return new ArrayList<>(batches.stream().filter(b -> b.runId().equals(runId)).toList());
  }
}
