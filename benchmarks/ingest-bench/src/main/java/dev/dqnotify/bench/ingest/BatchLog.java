package dev.dqnotify.bench.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.spark.sql.streaming.StreamingQuery;
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

  /**
   * Starts an available-now query, waits for its end and for its progress reports; returns
   * {records/s over the summed batch time, records/s over the wall time including the query start}.
   */
  double[] measure(long records, Callable<StreamingQuery> start) throws Exception {
    long began = System.nanoTime();
    StreamingQuery query = start.call();
    query.awaitTermination();
    double wall = (System.nanoTime() - began) / 1e9;
    // Progress events reach listeners asynchronously: wait until the run's rows are all reported.
    long deadline = System.currentTimeMillis() + 10_000;
    List<Batch> batches = of(query.runId());
    while (batches.stream().mapToLong(Batch::rows).sum() < records && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      batches = of(query.runId());
    }
    long rows = batches.stream().mapToLong(Batch::rows).sum();
    long busyMs = batches.stream().mapToLong(Batch::durationMs).sum();
    return new double[] {rows * 1000.0 / busyMs, rows / wall};
  }

  /** The batches of one run so far. */
  synchronized List<Batch> of(UUID runId) {
    return new ArrayList<>(batches.stream().filter(b -> b.runId().equals(runId)).toList());
  }
}
