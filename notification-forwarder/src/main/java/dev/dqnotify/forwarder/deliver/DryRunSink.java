package dev.dqnotify.forwarder.deliver;

import dev.dqnotify.forwarder.render.DatadogEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Posts nothing: remembers the events it is given and reports each as delivered, so a dry run goes
 * through every stage up to the last one and can say what it would have posted. Thread-safe.
 */
public final class DryRunSink implements EventSink {

  private final List<DatadogEvent> events = new ArrayList<>();

  @Override
  public synchronized CompletableFuture<FinalOutcome> submit(DatadogEvent event) {
    events.add(event);
    return CompletableFuture.completedFuture(new FinalOutcome.Delivered("", 1));
  }

  @Override
  public boolean saturated() {
    return false;
  }

  /** The events that would have been posted, in order. */
  public synchronized List<DatadogEvent> events() {
    return List.copyOf(events);
  }
}
