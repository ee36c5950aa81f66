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

  /**
   * Gives up on an event {@link #submit submitted} here that is not finished: it is not attempted
   * again, and its future fails with a {@link java.util.concurrent.CancellationException} — unless a
   * request for it was under way, which still ends as delivered or rejected if that is its answer.
   * The live forwarder withdraws the deliveries of partitions it no longer owns. Sinks that finish
   * every event at once have nothing to withdraw.
   */
  default void withdraw(CompletableFuture<FinalOutcome> submitted) {}

  /** Whether the sink takes no more work for now; the caller then stops feeding it. */
  boolean saturated();
}
