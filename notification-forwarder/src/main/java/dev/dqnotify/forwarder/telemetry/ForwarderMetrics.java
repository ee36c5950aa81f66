package dev.dqnotify.forwarder.telemetry;

import dev.dqnotify.forwarder.deliver.FinalOutcome;
import dev.dqnotify.forwarder.dlq.DeadLetter;
import dev.dqnotify.forwarder.filter.SilenceSummary;
import dev.dqnotify.forwarder.group.Notification;
import dev.dqnotify.schemas.DqEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything notable the consumer side of the forwarder does, each as one method that writes its
 * log line and moves its metric, so logs and metrics never disagree. Metric names are Micrometer's
 * dotted form of the Prometheus names in {@code docs/forwarder.md} (e.g.
 * {@code dqnotify.forwarder.events.consumed} is scraped as
 * {@code dqnotify_forwarder_events_consumed_total}). The deliverer ({@code deliver/DeliveryTelemetry})
 * emits the Datadog-side metrics and the dedupe state ({@code dedupe/DedupeTelemetry}) its own.
 *
 * <p>This is the one shape of the forwarder's metrics: a telemetry type registers each meter once
 * (a tagged one once per tag value, on first use) and has one method per happening that moves the
 * meter and writes the log line; stages call those methods and never build meters themselves.
 *
 * <p>Thread-safe.
 */
public final class ForwarderMetrics {

  /** Prefix of every forwarder metric. */
  public static final String PREFIX = "dqnotify.forwarder.";

  /**
   * The percentiles every latency publishes, computed in the process (Prometheus {@code
   * quantile="0.95"}, DogStatsD {@code <name>.percentile} tagged {@code phi:0.95}); each latency also
   * publishes a histogram (Prometheus {@code _bucket}, DogStatsD a distribution), for percentiles
   * across instances.
   */
  public static final double[] PERCENTILES = {0.5, 0.95, 0.99};

  /** Time from an event's detection by the job to Datadog accepting its notification. */
  public static final String END_TO_END_LATENCY = PREFIX + "end_to_end.latency";

  /** Events whose notification Datadog accepted, by {@code event_type}. */
  public static final String EVENTS_DELIVERED = PREFIX + "events.delivered";

  private static final Logger log = LoggerFactory.getLogger(ForwarderMetrics.class);

  private final MeterRegistry registry;
  private final Counter consumed;
  private final Counter decoded;
  private final Counter deduplicated;
  private final Counter suppressed;
  private final Counter notificationsGrouped;
  private final Counter eventsGrouped;
  private final Counter notificationsDelivered;
  private final Counter registryUnavailable;
  private final Counter rebalances;
  private final Counter heldAtCommitPoint;
  private final AtomicInteger paused = new AtomicInteger();
  private final AtomicInteger pausedPartitions = new AtomicInteger();
  private final Map<TopicPartition, AtomicLong> lag = new ConcurrentHashMap<>();
  private final Map<TopicPartition, AtomicLong> committedLag = new ConcurrentHashMap<>();
  private final Map<TopicPartition, AtomicLong> oldestUnfinishedSeconds = new ConcurrentHashMap<>();
  private final Map<Map.Entry<String, TopicPartition>, Gauge> partitionGauges = new ConcurrentHashMap<>();
  private final TaggedCounter silenced;
  private final TaggedCounter silenceSummaries;
  private final TaggedCounter eventsDelivered;
  private final TaggedCounter deadLettered;
  private final TaggedCounter deadLettersRefused;

  private final Clock clock;
  private final Timer endToEnd;

  /** Registers the forwarder's meters in {@code registry}, on the system clock. */
  public ForwarderMetrics(MeterRegistry registry) {
    this(registry, Clock.systemUTC());
  }

  /**
   * Registers the forwarder's meters in {@code registry}.
   *
   * @param clock dates a delivery for the end-to-end latency
   */
  public ForwarderMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    endToEnd = Timer.builder(END_TO_END_LATENCY)
        .description("time from an event's detection (detected_at) to Datadog accepting its notification")
        .publishPercentiles(PERCENTILES)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofHours(1))
        .register(registry);
    consumed = counter("events.consumed", "records read from the outbox topic");
    decoded = counter("events.decoded", "records decoded to DqEvents");
    deduplicated = counter("events.deduplicated", "events skipped because their event_id was seen within the horizon");
    suppressed = counter("events.suppressed", "events below forward.min-severity, not notified");
    notificationsGrouped = counter("notifications.grouped", "notifications formed by the grouper");
    eventsGrouped = counter("events.grouped", "events that went into notifications");
    notificationsDelivered = counter("notifications.delivered", "notifications accepted by Datadog (every page)");
    registryUnavailable = counter("schema.registry.unavailable",
        "records put back because the schema registry could not be asked");
    heldAtCommitPoint = counter("consumer.held.at.commit.point",
        "times a partition was paused because consumption ran too far past its stuck commit point");
    rebalances = counter("consumer.assignments", "partition assignments received (one per rebalance this member took part in)");
    silenced = new TaggedCounter(PREFIX + "events.silenced", "silence",
        "events held back by a silence (not notified; summarised when it ends)");
    silenceSummaries = new TaggedCounter(PREFIX + "silence.summaries", "outcome",
        "summaries of ended silences, by outcome");
    eventsDelivered = new TaggedCounter(EVENTS_DELIVERED, "event_type",
        "events whose notification Datadog accepted, by type");
    deadLettered = new TaggedCounter(PREFIX + "events.dead.lettered", "stage", "records written to the dead-letter topic");
    // Registered at the first refusal, as before: it stops the forwarder, so it shows only then.
    deadLettersRefused = new TaggedCounter(PREFIX + "dead.letters.refused", null,
        "dead-letter writes refused, each stopping the forwarder");
    Gauge.builder(PREFIX + "consumer.paused", paused, AtomicInteger::get)
        .description("1 while delivery is blocked and every partition is paused").register(registry);
    Gauge.builder(PREFIX + "consumer.paused.partitions", pausedPartitions, AtomicInteger::get)
        .description("partitions paused now (blocked delivery, dedupe rebuild, registry retry)").register(registry);
  }

  /** The registry, for the stages that register their own meters. */
  public MeterRegistry registry() {
    return registry;
  }

  private Counter counter(String name, String description) {
    return Counter.builder(PREFIX + name).description(description).register(registry);
  }

  /** One counter per value of a tag (or one without a tag), each registered once, on first use. */
  private final class TaggedCounter {
    private final String name;
    private final String tag;
    private final String description;
    private final Map<String, Counter> byValue = new ConcurrentHashMap<>();

    TaggedCounter(String name, String tag, String description) {
      this.name = name;
      this.tag = tag;
      this.description = description;
    }

    void increment(String value) {
      byValue.computeIfAbsent(value, v -> {
        Counter.Builder builder = Counter.builder(name).description(description);
        return (tag == null ? builder : builder.tag(tag, v)).register(registry);
      }).increment();
    }
  }

  /** A record was read. */
  public void consumed() {
    consumed.increment();
  }

  /** A record was decoded. */
  public void decoded(String eventId) {
    decoded.increment();
    log.trace("Decoded event {}", eventId);
  }

  /** An event was skipped as a repeat. */
  public void deduplicated(TopicPartition partition, long offset, String eventId) {
    deduplicated.increment();
    log.debug("Event {} at {}@{} was seen within the dedupe horizon; not notified again", eventId, partition, offset);
  }

  /** An event was below the minimum severity. */
  public void suppressed(String eventId, Object severity) {
    suppressed.increment();
    log.debug("Event {} ({}) is below forward.min-severity; not notified", eventId, severity);
  }

  /** An event was held back by a silence (terminal, not notified). */
  public void silenced(String silence, TopicPartition partition, long offset, String eventId) {
    silenced.increment(silence);
    log.debug("Event {} at {}@{} is held back by silence {}; not notified", eventId, partition, offset, silence);
  }

  /** A silence ended; its summary is being posted. */
  public void silenceEnded(SilenceSummary summary) {
    log.info("Silence {} ended at {}: it held back {} event(s) on this instance ({}); posting its summary",
        summary.silence().name(), summary.silence().end(), summary.events(), summary.byEventType());
  }

  /** The summary of an ended silence was posted, rejected, or abandoned. */
  public void silenceSummarySent(SilenceSummary summary, FinalOutcome outcome, Throwable error) {
    String result = error != null ? "failed" : outcome instanceof FinalOutcome.Delivered ? "posted" : "rejected";
    silenceSummaries.increment(result);
    if (error != null) {
      log.warn("The summary of silence {} was not posted ({}); its counts are in the log line above",
          summary.silence().name(), error.toString());
    } else if (outcome instanceof FinalOutcome.Rejected rejected) {
      log.error("Datadog rejected the summary of silence {} with HTTP {}: {}", summary.silence().name(),
          rejected.status(), rejected.bodyExcerpt());
    } else {
      log.info("Posted the summary of silence {}", summary.silence().name());
    }
  }

  /** The grouper formed a notification. */
  public void grouped(Notification notification) {
    notificationsGrouped.increment();
    eventsGrouped.increment(notification.events().size());
    log.debug("Notification {} formed of {} event(s), labels {}", notification.id(), notification.events().size(),
        notification.groupLabels());
  }

  /** Datadog accepted every page of a notification. */
  public void delivered(Notification notification) {
    notificationsDelivered.increment();
    Instant now = clock.instant();
    for (DqEvent event : notification.events()) {
      eventsDelivered.increment(event.getEventType().name().toLowerCase(Locale.ROOT));
      // A clock behind the job's would give a negative age: counted as zero rather than dropped.
      endToEnd.record(Duration.between(event.getDetectedAt(), now).isNegative() ? Duration.ZERO
          : Duration.between(event.getDetectedAt(), now));
    }
    log.debug("Notification {} delivered ({} event(s))", notification.id(), notification.events().size());
  }

  /** A record went to the dead-letter topic. */
  public void deadLettered(ConsumerRecord<?, ?> record, String topic, DeadLetter reason) {
    deadLettered.increment(reason.stage().label());
    log.warn("Record {}-{}@{} dead-lettered to {} at stage {}: {}", record.topic(), record.partition(), record.offset(),
        topic, reason.stage(), reason.exceptionMessage());
  }

  /** A dead letter cannot be written: its record can never finish, so the forwarder stops. */
  public void deadLetterRefused(ConsumerRecord<?, ?> record, String topic, RuntimeException refusal) {
    deadLettersRefused.increment("");
    // ERROR: an operator must fix the dead-letter topic (or the producer's limits) before the forwarder can go on.
    log.error("The dead letter of {}-{}@{} cannot be written to {}; the forwarder stops: {}", record.topic(),
        record.partition(), record.offset(), topic, refusal.getMessage());
  }

  /** A record is put back until the registry answers again. */
  public void registryUnavailable(TopicPartition partition, long offset, RuntimeException cause, Duration delay) {
    registryUnavailable.increment();
    log.warn("Schema registry unavailable while decoding {}@{}; reading it again in {} ms: {}", partition, offset,
        delay.toMillis(), cause.getMessage());
  }

  /** The group assigned partitions to this member. */
  public void assignment(Collection<TopicPartition> added) {
    rebalances.increment();
    log.info("Rebalance: {} partition(s) added to this member: {}", added.size(), added);
  }

  /**
   * Delivery became blocked (every partition paused) or unblocked. Short spells are routine
   * back-pressure and logged at DEBUG; the end of a long one at INFO.
   */
  public void deliveryBlocked(boolean blocked, int pendingRecords, Duration blockedFor) {
    paused.set(blocked ? 1 : 0);
    if (blocked) {
      log.debug("Delivery is saturated or waiting ({} records pending): pausing every partition, still polling",
          pendingRecords);
    } else if (blockedFor.toSeconds() >= 5) {
      log.info("Delivery accepts work again after {} s with every partition paused ({} records pending)",
          blockedFor.toSeconds(), pendingRecords);
    } else {
      log.debug("Delivery accepts work again ({} records pending): resuming partitions", pendingRecords);
    }
  }

  /** Delivery has been blocked for a while; the consumer keeps polling so it stays in its group. */
  public void deliveryStillBlocked(int pendingRecords, Duration blockedFor) {
    log.info("Delivery blocked for {} s ({} records pending): every partition paused, still polling to stay in the "
        + "group; see the deliverer's log for why", blockedFor.toSeconds(), pendingRecords);
  }

  /** How many partitions are paused now. */
  public void pausedPartitions(int count) {
    pausedPartitions.set(count);
  }

  /** Updates the per-partition lag gauges from the consumer's own fetch positions (no network call). */
  public void updateLag(Consumer<?, ?> consumer) {
    for (TopicPartition partition : consumer.assignment()) {
      OptionalLong current = consumer.currentLag(partition);
      if (current.isPresent()) {
        lag.computeIfAbsent(partition, this::lagGauge).set(current.getAsLong());
      }
    }
  }

  /**
   * Sets a partition's lag against its commit point ({@code committed} records between the offset a
   * restart would read from and the end) and how long its oldest unfinished record has waited.
   */
  public void commitLag(TopicPartition partition, long committed, Duration oldestUnfinished) {
    committedLag.computeIfAbsent(partition, p -> partitionGauge(p, "consumer.committed.lag",
        "records between the commit point (oldest unfinished record) and the end of the partition"))
        .set(committed);
    oldestUnfinishedSeconds.computeIfAbsent(partition, p -> partitionGauge(p, "consumer.oldest.unfinished.seconds",
        "seconds the partition's oldest unfinished record has waited (0: none)"))
        .set(oldestUnfinished.toSeconds());
  }

  /** A partition is paused because too much was consumed past its stuck commit point. */
  public void heldAtCommitPoint(TopicPartition partition, long uncommitted, Duration oldestUnfinished) {
    heldAtCommitPoint.increment();
    // WARN: nothing is lost and nothing is wrong yet, but the partition's notifications wait for one record.
    log.warn("Pausing {}: its oldest unfinished record has waited {} s and {} records are consumed past the commit "
        + "point (limits consume.max-unfinished-age, consume.max-uncommitted-records); it resumes once that record "
        + "finishes. See docs/runbook.md, stuck partition", partition, oldestUnfinished.toSeconds(), uncommitted);
  }

  /** A partition held at its commit point goes on: the record it waited for finished. */
  public void releasedFromCommitPoint(TopicPartition partition) {
    log.info("Resuming {}: its commit point moved on", partition);
  }

  /** Removes the per-partition gauges of partitions this member no longer owns. */
  public void forgetLag(Collection<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      lag.remove(partition);
      committedLag.remove(partition);
      oldestUnfinishedSeconds.remove(partition);
      for (String name : List.of("consumer.lag", "consumer.committed.lag", "consumer.oldest.unfinished.seconds")) {
        Gauge gauge = partitionGauges.remove(Map.entry(name, partition));
        if (gauge != null) {
          registry.remove(gauge);
        }
      }
    }
  }

  private AtomicLong lagGauge(TopicPartition partition) {
    return partitionGauge(partition, "consumer.lag", "records between the consumer's position and the end of the partition");
  }

  private AtomicLong partitionGauge(TopicPartition partition, String name, String description) {
    AtomicLong value = new AtomicLong();
    partitionGauges.put(Map.entry(name, partition), Gauge.builder(PREFIX + name, value, AtomicLong::get)
        .tag("topic", partition.topic()).tag("partition", Integer.toString(partition.partition()))
        .description(description).register(registry));
    return value;
  }

  /** Assignments received so far; tests use it to prove the consumer never left its group. */
  public double assignments() {
    return rebalances.count();
  }
}
