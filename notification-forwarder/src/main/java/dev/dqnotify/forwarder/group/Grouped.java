package dev.dqnotify.forwarder.group;

import java.util.List;

/**
 * A notification released by the {@link EventGrouper}, with what each of its events came from.
 *
 * @param notification what is told to Datadog
 * @param sources what each event came from (for the pipeline: its record), in the order of
 *     {@code notification.events()}
 * @param <T> the type of a source
 */
public record Grouped<T>(Notification notification, List<T> sources) {

  /** Checks that every event has its source and takes an immutable copy. */
  public Grouped {
    if (sources.size() != notification.events().size()) {
      throw new IllegalArgumentException(notification.events().size() + " events but " + sources.size()
          + " sources");
    }
    sources = List.copyOf(sources);
  }
}
