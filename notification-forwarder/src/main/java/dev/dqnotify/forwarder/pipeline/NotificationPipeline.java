package dev.dqnotify.forwarder.pipeline;

import dev.dqnotify.forwarder.ForwarderConfig;
import dev.dqnotify.forwarder.consume.Handoff;
import dev.dqnotify.forwarder.consume.OffsetTracker;
import dev.dqnotify.forwarder.consume.RecordProcessor;
import dev.dqnotify.forwarder.decode.EventDecoder;
import dev.dqnotify.forwarder.dedupe.Deduplicator;
import dev.dqnotify.forwarder.dedupe.SeenIdsReader;
import dev.dqnotify.forwarder.deliver.EventSink;
import dev.dqnotify.forwarder.deliver.FinalOutcome;
import dev.dqnotify.forwarder.dlq.DeadLetter;
import dev.dqnotify.forwarder.dlq.DeadLetterFormat;
import dev.dqnotify.forwarder.dlq.DeadLetterRefusedException;
import dev.dqnotify.forwarder.dlq.DeadLetterSink;
import dev.dqnotify.forwarder.filter.EventScreen;
import dev.dqnotify.forwarder.filter.Silence;
import dev.dqnotify.forwarder.filter.SilenceSummaries;
import dev.dqnotify.forwarder.filter.SilenceSummary;
import dev.dqnotify.forwarder.filter.Silences;
import dev.dqnotify.forwarder.group.EventGrouper;
import dev.dqnotify.forwarder.group.Grouped;
import dev.dqnotify.forwarder.group.Notification;
import dev.dqnotify.forwarder.render.DatadogEvent;
import dev.dqnotify.forwarder.render.DatadogEventRenderer;
import dev.dqnotify.forwarder.telemetry.ForwarderMetrics;
import dev.dqnotify.schemas.DqEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages after the consumer, in order: decode → filter (selection, minimum severity) → dedupe →
 * filter (silences) → group → render → deliver, with the dead-letter topic for what cannot be
 * decoded or what Datadog rejects. Each record's ticket is completed when the record reaches its
 * terminal outcome ({@link Outcome}): at once when it is filtered out, deduplicated or silenced,
 * when every page of its notification was accepted, or when its dead-letter write was acknowledged.
 *
 * <p>The live forwarder, a replay and a redrive all run records through this one pipeline; they
 * differ only in their {@link Settings}, their sinks and what they do with each {@link Outcome}.
 *
 * <p>Runs on the consumer thread; asynchronous results come back through the {@link Handoff}.
 */
public final class NotificationPipeline implements RecordProcessor {

  private static final Logger log = LoggerFactory.getLogger(NotificationPipeline.class);

  /** A record between consumption and its terminal outcome; the grouper carries it with its event. */
  public record Held(ConsumerRecord<byte[], byte[]> record, OffsetTracker.Ticket ticket) {}

  /** A notification submitted to the deliverer: its records and one future per page. */
  private record Sending(List<Held> records, List<CompletableFuture<FinalOutcome>> pages) {}

  /**
   * How a run uses the pipeline.
   *
   * @param backfillAfter events detected longer ago than this are tagged {@code backfill:true};
   *     empty: every event is (a replay or redrive)
   * @param registryRetryInterval how long a record waits when the schema registry is unavailable
   * @param deadLetterUndecodable whether an undecodable record is dead-lettered (live) or only
   *     reported (a replay or redrive: the live forwarder dead-lettered it when it read it)
   * @param dedupeScope the partition whose dedupe state a record belongs to: its own for the outbox;
   *     for a dead letter, the outbox partition it came from
   */
  public record Settings(Optional<Duration> backfillAfter, Duration registryRetryInterval, boolean deadLetterUndecodable,
      Function<ConsumerRecord<byte[], byte[]>, TopicPartition> dedupeScope) {

    /** The live forwarder's. */
    public static Settings live(ForwarderConfig config) {
      return new Settings(Optional.of(config.backfillAfter()), config.schemaRegistryRetryInterval(), true,
          record -> new TopicPartition(record.topic(), record.partition()));
    }
  }

  /** The terminal outcome of a record. */
  public enum Outcome {
    /** Every page of its notification was accepted (by the dry-run sink, in a dry run). */
    DELIVERED,
    /** Its event id was seen before within the dedupe state. */
    DEDUPLICATED,
    /** Outside the run's selection ({@code --event-type}, {@code --store}). */
    NOT_SELECTED,
    /** Below {@code forward.min-severity}. */
    BELOW_MIN_SEVERITY,
    /** Held back by an active silence. */
    SILENCED,
    /** Written to the dead-letter topic (or, when redriven, left there). */
    DEAD_LETTERED,
    /** Undecodable, and not dead-lettered again by this run. */
    UNDECODABLE
  }

  /** Told each record's terminal outcome, on the consumer thread. */
  @FunctionalInterface
  public interface OutcomeListener {
    /** Listens to nothing. */
    OutcomeListener NONE = (record, outcome, failure) -> { };

    /**
     * @param failure why, for {@link Outcome#DEAD_LETTERED} and {@link Outcome#UNDECODABLE}
     */
    void terminal(ConsumerRecord<byte[], byte[]> record, Outcome outcome, Optional<DeadLetter> failure);
  }

  private final EventDecoder decoder;
  private final EventScreen screen;
  private final Deduplicator deduplicator;
  private final SeenIdsReader seenIds;
  private final Silences silences;
  private final SilenceSummaries silenceSummaries;
  private final EventGrouper<Held> grouper;
  private final DatadogEventRenderer renderer;
  private final EventSink deliverer;
  private final DeadLetterSink deadLetters;
  private final OffsetTracker tracker;
  private final Handoff handoff;
  private final ForwarderMetrics metrics;
  private final Settings settings;
  private final OutcomeListener listener;
  private final Clock clock;

  /** Records whose delivery or dead-lettering is under way. */
  private final Set<Held> inFlight = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Notifications submitted and not finished, so those of revoked partitions can be withdrawn. */
  private final Set<Sending> sending = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<TopicPartition, CompletableFuture<?>> rebuilds = new HashMap<>();
  private RuntimeException stopReason;

  /**
   * @param seenIds rebuilds a partition's dedupe state when it is assigned; null for a bounded run (a
   *     replay or redrive), which is never assigned partitions and fills its dedupe state before it starts
   */
  public NotificationPipeline(EventDecoder decoder, EventScreen screen, Deduplicator deduplicator, SeenIdsReader seenIds,
      Silences silences, SilenceSummaries silenceSummaries, EventGrouper<Held> grouper, DatadogEventRenderer renderer,
      EventSink deliverer, DeadLetterSink deadLetters, OffsetTracker tracker, Handoff handoff, ForwarderMetrics metrics,
      Settings settings, OutcomeListener listener, Clock clock) {
    this.decoder = decoder;
    this.screen = screen;
    this.deduplicator = deduplicator;
    this.seenIds = seenIds;
    this.silences = silences;
    this.silenceSummaries = silenceSummaries;
    this.grouper = grouper;
    this.renderer = renderer;
    this.deliverer = deliverer;
    this.deadLetters = deadLetters;
    this.tracker = tracker;
    this.handoff = handoff;
    this.metrics = metrics;
    this.settings = settings;
    this.listener = listener;
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
      DeadLetter reason = DeadLetter.failure(DeadLetterFormat.Stage.DECODE, undecodable.cause());
      if (settings.deadLetterUndecodable()) {
        deadLetter(held, reason);
      } else {
        done(held, Outcome.UNDECODABLE, Optional.of(reason));
      }
      return Disposition.TAKEN;
    }
    DqEvent event = ((EventDecoder.Decoded.Event) decoded).event();
    metrics.decoded(event.getEventId());
    switch (screen.screen(event)) {
      case NOT_SELECTED -> {
        done(held, Outcome.NOT_SELECTED, Optional.empty());
        return Disposition.TAKEN;
      }
      case BELOW_MIN_SEVERITY -> {
        metrics.suppressed(event.getEventId(), event.getSeverity());
        done(held, Outcome.BELOW_MIN_SEVERITY, Optional.empty());
        return Disposition.TAKEN;
      }
      case PASS -> { }
    }
    TopicPartition scope = settings.dedupeScope().apply(record);
    if (!deduplicator.firstSeen(scope, event.getEventId(), Instant.ofEpochMilli(record.timestamp()))) {
      metrics.deduplicated(ticket.partition(), record.offset(), event.getEventId());
      done(held, Outcome.DEDUPLICATED, Optional.empty());
      return Disposition.TAKEN;
    }
    Optional<Silence> silence = silences.holding(event);
    if (silence.isPresent()) {
      silenceSummaries.heldBack(silence.get(), event);
      metrics.silenced(silence.get().name(), ticket.partition(), record.offset(), event.getEventId());
      done(held, Outcome.SILENCED, Optional.empty());
      return Disposition.TAKEN;
    }
    boolean backfill = settings.backfillAfter()
        .map(after -> event.getDetectedAt().isBefore(clock.instant().minus(after))).orElse(true);
    grouper.add(event, held, backfill).forEach(this::send);
    return Disposition.TAKEN;
  }

  @Override
  public void tick() {
    grouper.due().forEach(this::send);
    silenceSummaries.ended().forEach(this::summarise);
  }

  /** Posts what an ended silence held back; not tied to any record, so nothing waits on it. */
  private void summarise(SilenceSummary summary) {
    metrics.silenceEnded(summary);
    DatadogEvent event = renderer.render(summary);
    deliverer.submit(event).whenCompleteAsync((outcome, error) -> metrics.silenceSummarySent(summary, outcome, error),
        handoff);
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
    Set<TopicPartition> going = Set.copyOf(partitions);
    withdraw(going);
    // Digests mixing revoked and kept partitions: the kept events go back in (their wait starts
    // again), the revoked ones are dropped; the next owner reads them again from the committed offset.
    for (Grouped<Held> drained : grouper.drain()) {
      Notification notification = drained.notification();
      for (int i = 0; i < notification.events().size(); i++) {
        Held held = drained.sources().get(i);
        if (!going.contains(held.ticket().partition()) && tracker.isCurrent(held.ticket())) {
          grouper.add(notification.events().get(i), held, notification.backfill()).forEach(this::send);
        }
      }
    }
  }

  /**
   * Withdraws the deliveries of notifications made only of records of {@code going}: the next
   * owner posts them, so the retries here would only duplicate them once Datadog answers again.
   * A request already under way still finishes within the revoke grace, and its records become
   * terminal if Datadog accepted it. Called on revocation and again when partitions are gone, so lost
   * partitions (never revoking) are withdrawn too; each notification once. A notification that also carries records of a partition kept
   * here (a digest) is not withdrawn: those records need it.
   */
  private void withdraw(Set<TopicPartition> going) {
    List<Sending> withdrawn = sending.stream()
        .filter(s -> s.records().stream().allMatch(held -> going.contains(held.ticket().partition()))).toList();
    withdrawn.forEach(s -> {
      sending.remove(s);
      s.pages().forEach(deliverer::withdraw);
    });
    if (!withdrawn.isEmpty()) {
      log.info("Withdrew {} notification(s) of revoked partitions {} not yet accepted by Datadog; their next owner "
          + "delivers them", withdrawn.size(), going);
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
    withdraw(gone); // lost partitions were not revoking() first
    // Their events still in the grouper stay there; their records are no longer current (see send).
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

  /**
   * Renders and submits a notification; its records become terminal with its outcome. Records of
   * partitions gone since their events were grouped are left to the partitions' next owner.
   */
  private void send(Grouped<Held> grouped) {
    Notification notification = grouped.notification();
    metrics.grouped(notification);
    List<Held> records = grouped.sources().stream().filter(held -> tracker.isCurrent(held.ticket())).toList();
    List<DatadogEvent> pages;
    try {
      pages = renderer.render(notification);
    } catch (RuntimeException e) {
      log.error("Rendering notification {} failed; its records go to the dead-letter topic", notification.id(), e);
      records.forEach(held -> deadLetter(held, DeadLetter.failure(DeadLetterFormat.Stage.RENDER, e)));
      return;
    }
    inFlight.addAll(records);
    List<CompletableFuture<FinalOutcome>> outcomes = pages.stream().map(deliverer::submit).toList();
    Sending submitted = new Sending(records, outcomes);
    sending.add(submitted);
    CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
        .whenCompleteAsync((ok, error) -> finished(notification, submitted, error), handoff);
  }

  private void finished(Notification notification, Sending submitted, Throwable error) {
    sending.remove(submitted);
    List<Held> records = submitted.records();
    List<CompletableFuture<FinalOutcome>> outcomes = submitted.pages();
    inFlight.removeAll(records);
    if (error != null) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (!(cause instanceof CancellationException)) {
        log.error("Delivering notification {} failed unexpectedly; its records stay uncommitted and are delivered "
            + "again after a restart or rebalance", notification.id(), cause);
      }
      return; // abandoned (shutdown) or withdrawn (revoked): not terminal, so not committed
    }
    Optional<FinalOutcome.Rejected> rejected = outcomes.stream().map(CompletableFuture::join)
        .filter(FinalOutcome.Rejected.class::isInstance).map(FinalOutcome.Rejected.class::cast).findFirst();
    if (rejected.isPresent()) {
      records.forEach(held -> deadLetter(held, DeadLetter.rejected(rejected.get())));
      return;
    }
    metrics.delivered(notification);
    records.forEach(held -> done(held, Outcome.DELIVERED, Optional.empty()));
  }

  private void done(Held held, Outcome outcome, Optional<DeadLetter> failure) {
    if (tracker.complete(held.ticket())) {
      listener.terminal(held.record(), outcome, failure);
    }
  }

  private void deadLetter(Held held, DeadLetter reason) {
    if (!tracker.isCurrent(held.ticket())) {
      return; // the partition moved on; its new owner decides about this record
    }
    inFlight.add(held);
    deadLetters.publish(held.record(), reason).whenCompleteAsync((ok, error) -> {
      inFlight.remove(held);
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause == null) {
        metrics.deadLettered(held.record(), deadLetters.topic(), reason);
        done(held, Outcome.DEAD_LETTERED, Optional.of(reason));
      } else if (cause instanceof DeadLetterRefusedException refused && stopReason == null) {
        metrics.deadLetterRefused(held.record(), deadLetters.topic(), refused);
        stopReason = refused;
      }
    }, handoff);
  }

  @Override
  public Optional<RuntimeException> stopReason() {
    return Optional.ofNullable(stopReason);
  }
}
