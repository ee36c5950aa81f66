package dev.dqnotify.ingest;

import dev.dqnotify.ingest.emit.OutboxWriter;
import java.util.UUID;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/** Closes the outbox writer's Kafka producer when its streaming query ends, however it ends. */
final class ClosingListener extends StreamingQueryListener {
  private final UUID queryId;
  private final OutboxWriter outbox;

  ClosingListener(UUID queryId, OutboxWriter outbox) {
    this.queryId = queryId;
    this.outbox = outbox;
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {}

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (event.id().equals(queryId)) {
      outbox.close();
    }
  }
}
