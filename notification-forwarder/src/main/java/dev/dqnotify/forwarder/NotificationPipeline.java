package dev.dqnotify.forwarder;

import dev.dqnotify.forwarder.consume.Handoff;
import dev.dqnotify.forwarder.consume.OffsetTracker;
import dev.dqnotify.forwarder.consume.RecordProcessor;
import dev.dqnotify.forwarder.decode.EventDecoder;
import dev.dqnotify.forwarder.dedupe.Deduplicator;
import dev.dqnotify.forwarder.dedupe.SeenIdsReader;
import dev.dqnotify.forwarder.deliver.DeadLetter;
import dev.dqnotify.forwarder.deliver.DeadLetterPublisher;
import dev.dqnotify.forwarder.deliver.FinalOutcome;
import dev.dqnotify.forwarder.deliver.RetryingDeliverer;
import dev.dqnotify.forwarder.group.EventGrouper;
import dev.dqnotify.forwarder.group.Notification;
import dev.dqnotify.forwarder.render.DatadogEvent;
import dev.dqnotify.forwarder.render.DatadogEventRenderer;
import dev.dqnotify.forwarder.telemetry.ForwarderMetrics;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages after the consumer, in order: decode → (suppress) → dedupe → group → render → deliver,
 * with the dead-letter topic for what cannot be decoded or what Datadog rejects. Each record's
 * ticket is completed when the record reaches its terminal outcome: deduplicated or suppressed at
 * once, delivered when every page of its notification was accepted, dead-lettered when the
 * dead-letter write was acknowledged.
 *
 * <p>Runs on the consumer thread; asynchronous results come back through the {@link Handoff}.
 */
final class NotificationPipeline implements RecordProcessor {

  private static final Logger log = LoggerFactory.getLogger(NotificationPipeline.class);

  /** A record between consumption and its terminal outcome. */
  private record Held(ConsumerRecord<byte[], byte[]> record, OffsetTracker.Ticket ticket) {}

  /** What the pipeline decides on its own. */
  record Settings(Severity minSeverity, Duration backfillAfter, Duration registryRetryInterval) {}

  private final EventDecoder decoder;
  private final Deduplicator deduplicator;
  private final SeenIdsReader seenIds;
  private final EventGrouper grouper;
  private final DatadogEventRenderer renderer;
  private final RetryingDeliverer deliverer;
  private final DeadLetterPublisher deadLetters;
  private final OffsetTracker tracker;
  private final Handoff handoff;
  private final ForwarderMetrics metrics;
  private final Settings settings;
  private final Clock clock;

  /** Events in the grouper, by event id (dedupe makes the ids unique among pending events). */
  private final Map<String, Held> grouped = new HashMap<>();
  /** Records whose delivery or dead-lettering is under way. */
  private final Set<Held> inFlight = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<TopicPartition, CompletableFuture<?>> rebuilds = new HashMap<>();

  NotificationPipeline(EventDecoder decoder, Deduplicator deduplicator, SeenIdsReader seenIds, EventGrouper grouper,
      DatadogEventRenderer renderer, RetryingDeliverer deliverer, DeadLetterPublisher deadLetters,
      OffsetTracker tracker, Handoff handoff, ForwarderMetrics metrics, Settings settings, Clock clock) {
    this.decoder = decoder;
    this.deduplicator = deduplicator;
    this.seenIds = seenIds;
    this.grouper = grouper;
    this.renderer = renderer;
    this.deliverer = deliverer;
    this.deadLetters = deadLetters;
    this.tracker = tracker;
    this.handoff = handoff;
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Disposition process(ConsumerRecord<byte[], byte[]> record, OffsetTracker.Ticket ticket) {
    EventDecoder.Decoded decoded = decoder.decode(record.value());
    if (decoded instanceof EventDecoder.Decoded.RegistryUnavailable unavailable) {
      metrics.registryUnavailable(ticket.partition(), record.offset(), unavailable.cause(),
          settings.registryRetryInterval());
      return new Disposition.RetryLater(settings.registryRetryInterval());
    }
    Held held = new Held(record, ticket);
    if (decoded instanceof EventDecoder.Decoded.Undecodable undecodable) {
      deadLetter(held, DeadLetter.failure("decode", undecodable.cause()));
      return Disposition.TAKEN;
    }
    DqEvent event = ((EventDecoder.Decoded.Event) decoded).event();
    metrics.decoded(event.getEventId());
    if (event.getSeverity().compareTo(settings.minSeverity()) < 0) {
      metrics.suppressed(event.getEventId(), event.getSeverity());
      tracker.complete(ticket);
      return Disposition.TAKEN;
    }
    if (!deduplicator.firstSeen(ticket.partition(), event.getEventId(), Instant.ofEpochMilli(record.timestamp()))) {
      metrics.deduplicated(ticket.partition(), record.offset(), event.getEventId());
      tracker.complete(ticket);
      return Disposition.TAKEN;
    }
    grouped.put(event.getEventId(), held);
    boolean backfill = event.getDetectedAt().isBefore(clock.instant().minus(settings.backfillAfter()));
    grouper.add(event, backfill).forEach(this::send);
    return Disposition.TAKEN;
  }

  @Override
  public void tick() {
    grouper.due().forEach(this::send);
  }

  @Override
  public Optional<Duration> untilNextTick() {
    return grouper.untilNextDue();
  }

  @Override
  public boolean blocked() {
    return deliverer.saturated();
  }

  @Override
  public Map<TopicPartition, CompletableFuture<Void>> assigned(Map<TopicPartition, Optional<Long>> committed) {
    Map<TopicPartition, Long> toRead = new HashMap<>();
    Map<TopicPartition, CompletableFuture<Void>> ready = new HashMap<>();
    committed.forEach((partition, offset) -> {
      if (offset.isPresent() && offset.get() > 0) {
        toRead.put(partition, offset.get());
      } else {
        ready.put(partition, CompletableFuture.completedFuture(null)); // nothing was done before
      }
    });
    if (toRead.isEmpty()) {
      return ready;
    }
    var read = seenIds.read(toRead, deduplicator.horizonStart());
    CompletableFuture<Void> restored = read.thenAcceptAsync(seen -> seen.forEach((partition, ids) -> {
      if (rebuilds.get(partition) == read) {
        deduplicator.restore(partition, ids);
        rebuilds.remove(partition);
      }
    }), handoff);
    toRead.keySet().forEach(partition -> {
      rebuilds.put(partition, read);
      ready.put(partition, restored);
    });
    return ready;
  }

  @Override
  public void revoking(Collection<TopicPartition> partitions) {
    // Digests mixing revoked and kept partitions: the kept events go back in (their wait starts
    // again), the revoked ones are dropped; the next owner reads them again from the committed offset.
    Set<TopicPartition> going = Set.copyOf(partitions);
    List<Notification> drained = grouper.drain();
    for (Notification notification : drained) {
      for (DqEvent event : notification.events()) {
        Held held = grouped.get(event.getEventId());
        if (held == null || going.contains(held.ticket().partition())) {
          grouped.remove(event.getEventId());
        } else {
          grouper.add(event, notification.backfill()).forEach(this::send);
        }
      }
    }
  }

  @Override
  public boolean inFlight(Collection<TopicPartition> partitions) {
    Set<TopicPartition> set = Set.copyOf(partitions);
    return inFlight.stream().anyMatch(held -> set.contains(held.ticket().partition()));
  }

  @Override
  public void revoked(Collection<TopicPartition> partitions) {
    Set<TopicPartition> gone = Set.copyOf(partitions);
    grouped.values().removeIf(held -> gone.contains(held.ticket().partition()));
    for (TopicPartition partition : partitions) {
      CompletableFuture<?> rebuild = rebuilds.remove(partition);
      if (rebuild != null && rebuilds.values().stream().noneMatch(r -> r == rebuild)) {
        rebuild.cancel(false);
      }
    }
    deduplicator.forget(partitions);
  }

  @Override
  public void flush() {
    grouper.drain().forEach(this::send);
  }

  /** Renders and submits a notification; its records become terminal with its outcome. */
  private void send(Notification notification) {
    metrics.grouped(notification);
    List<Held> records = new ArrayList<>();
    for (DqEvent event : notification.events()) {
      Held held = grouped.remove(event.getEventId());
      if (held != null) {
        records.add(held);
      }
    }
    List<DatadogEvent> pages;
    try {
      pages = renderer.render(notification);
    } catch (RuntimeException e) {
      log.error("Rendering notification {} failed; its records go to the dead-letter topic", notification.id(), e);
      records.forEach(held -> deadLetter(held, DeadLetter.failure("render", e)));
      return;
    }
    inFlight.addAll(records);
    List<CompletableFuture<FinalOutcome>> outcomes = pages.stream().map(deliverer::submit).toList();
    CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
        .whenCompleteAsync((ok, error) -> finished(notification, records, outcomes, error), handoff);
  }

  private void finished(Notification notification, List<Held> records, List<CompletableFuture<FinalOutcome>> outcomes,
      Throwable error) {
    inFlight.removeAll(records);
    if (error != null) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (!(cause instanceof CancellationException)) {
        log.error("Delivering notification {} failed unexpectedly; its records stay uncommitted and are delivered "
            + "again after a restart or rebalance", notification.id(), cause);
      }
      return; // abandoned (shutdown): not terminal, so not committed
    }
    Optional<FinalOutcome.Rejected> rejected = outcomes.stream().map(CompletableFuture::join)
        .filter(FinalOutcome.Rejected.class::isInstance).map(FinalOutcome.Rejected.class::cast).findFirst();
    if (rejected.isPresent()) {
      records.forEach(held -> deadLetter(held, DeadLetter.rejected(rejected.get())));
      return;
    }
    metrics.delivered(notification);
    records.forEach(held -> tracker.complete(held.ticket()));
  }

  private void deadLetter(Held held, DeadLetter reason) {
    if (!tracker.isCurrent(held.ticket())) {
      return; // the partition moved on; its new owner decides about this record
    }
    inFlight.add(held);
    deadLetters.publish(held.record(), reason).whenCompleteAsync((ok, error) -> {
      inFlight.remove(held);
      if (error == null) {
        metrics.deadLettered(held.record(), deadLetters.topic(), reason);
        tracker.complete(held.ticket());
      }
    }, handoff);
  }
}
