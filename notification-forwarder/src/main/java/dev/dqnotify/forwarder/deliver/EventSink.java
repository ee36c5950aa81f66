package dev.dqnotify.forwarder.deliver;

import dev.dqnotify.forwarder.render.DatadogEvent;
import java.util.concurrent.CompletableFuture;

/**
 * Where rendered Datadog events go: Datadog itself ({@link RetryingDeliverer}) or, for a dry run,
 * a list of what would have been posted ({@link DryRunSink}).
 */
public interface EventSink {

  /** Takes an event; the future says how it ended (see {@link FinalOutcome}). */
  CompletableFuture<FinalOutcome> submit(DatadogEvent event);

  /** Whether the sink takes no more work for now; the caller then stops feeding it. */
  boolean saturated();
}
