package dev.dqnotify.ingest;

import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what a streaming query's batches hold open on the driver (the outbox producer, the
 * driver-outputs thread) when that query ends, however it ends, and then removes itself.
 */
final class ClosingListener extends StreamingQueryListener {
  private static final Logger log = LoggerFactory.getLogger(ClosingListener.class);

  private final StreamingQueryManager queries;
  private final UUID queryId;
  private final List<AutoCloseable> resources;

  ClosingListener(StreamingQueryManager queries, UUID queryId, AutoCloseable... resources) {
    this.queries = queries;
    this.queryId = queryId;
    this.resources = List.of(resources);
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {}

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (event.id().equals(queryId)) {
      close();
      queries.removeListener(this);
    }
  }

  void close() {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("Could not close {} after the query ended: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
