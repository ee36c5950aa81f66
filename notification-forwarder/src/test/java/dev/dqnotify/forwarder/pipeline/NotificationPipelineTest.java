package dev.dqnotify.forwarder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.forwarder.consume.Handoff;
import dev.dqnotify.forwarder.consume.OffsetTracker;
import dev.dqnotify.forwarder.decode.EventDecoder;
import dev.dqnotify.forwarder.dedupe.Deduplicator;
import dev.dqnotify.forwarder.deliver.EventSink;
import dev.dqnotify.forwarder.deliver.FinalOutcome;
import dev.dqnotify.forwarder.dlq.DeadLetterSink;
import dev.dqnotify.forwarder.filter.EventScreen;
import dev.dqnotify.forwarder.filter.SilenceSummaries;
import dev.dqnotify.forwarder.filter.Silences;
import dev.dqnotify.forwarder.group.EventGrouper;
import dev.dqnotify.forwarder.group.GroupingMode;
import dev.dqnotify.forwarder.group.GroupingSettings;
import dev.dqnotify.forwarder.render.DatadogEvent;
import dev.dqnotify.forwarder.render.DatadogEventRenderer;
import dev.dqnotify.forwarder.render.RenderSettings;
import dev.dqnotify.forwarder.telemetry.ForwarderMetrics;
import dev.dqnotify.forwarder.testing.TestEvents;
import dev.dqnotify.localstack.junit.MutableClock;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.Severity;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.registry.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The pipeline with real stages and a sink that holds every event until told how it ended. */
class NotificationPipelineTest {

  private static final String TOPIC = "dq-events";
  private static final TopicPartition REVOKED = new TopicPartition(TOPIC, 0);
  private static final TopicPartition KEPT = new TopicPartition(TOPIC, 1);

  private final MutableClock clock = new MutableClock(Instant.now());
  private final AvroWireCodec<DqEvent> codec = AvroWireCodec.forDqEvents(new InMemorySchemaRegistry());
  private final OffsetTracker tracker = new OffsetTracker(clock);
  private final Handoff handoff = new Handoff();
  private final HoldingSink sink = new HoldingSink();

  /** Keeps every submitted event pending; a withdrawn one fails with CancellationException, as the deliverer's. */
  private static final class HoldingSink implements EventSink {
    final Map<CompletableFuture<FinalOutcome>, DatadogEvent> pending = new IdentityHashMap<>();
    final List<DatadogEvent> withdrawn = new ArrayList<>();

    @Override
    public CompletableFuture<FinalOutcome> submit(DatadogEvent event) {
      CompletableFuture<FinalOutcome> result = new CompletableFuture<>();
      pending.put(result, event);
      return result;
    }

    @Override
    public void withdraw(CompletableFuture<FinalOutcome> submitted) {
      DatadogEvent event = pending.remove(submitted);
      if (event != null) {
        withdrawn.add(event);
        submitted.completeExceptionally(new CancellationException("withdrawn"));
      }
    }

    @Override
    public boolean saturated() {
      return false;
    }

    void deliverAll() {
      pending.keySet().forEach(result -> result.complete(new FinalOutcome.Delivered("1", 1)));
      pending.clear();
    }
  }

  @Test
  void revokingWithdrawsTheDeliveriesOfTheRevokedPartitionsOnlyAndLeavesTheirRecordsUnfinished() {
    NotificationPipeline pipeline = pipeline(GroupingSettings.defaults());
    assign(REVOKED, KEPT);
    OffsetTracker.Ticket revokedTicket = process(pipeline, REVOKED, 0, "ev-revoked", "store-0001");
    OffsetTracker.Ticket keptTicket = process(pipeline, KEPT, 0, "ev-kept", "store-0002");
    assertThat(sink.pending).hasSize(2);

    pipeline.revoking(List.of(REVOKED));
    handoff.runPending();

    assertThat(sink.withdrawn).singleElement().satisfies(e -> assertThat(e.text()).contains("ev-revoked"));
    assertThat(pipeline.inFlight(List.of(REVOKED))).isFalse();
    assertThat(pipeline.inFlight(List.of(KEPT))).isTrue();
    assertThat(tracker.committable(List.of(REVOKED))).isEmpty(); // not terminal: its new owner posts it
    sink.deliverAll();
    handoff.runPending();
    assertThat(tracker.isCurrent(keptTicket)).isTrue();
    assertThat(tracker.committable(List.of(KEPT))).containsEntry(KEPT, new OffsetAndMetadata(1));
    assertThat(tracker.pending(REVOKED)).isEqualTo(1);
    assertThat(tracker.isCurrent(revokedTicket)).isTrue();
  }

  @Test
  void lostPartitionsHaveTheirDeliveriesWithdrawnToo() {
    NotificationPipeline pipeline = pipeline(GroupingSettings.defaults());
    assign(REVOKED, KEPT);
    process(pipeline, REVOKED, 0, "ev-lost", "store-0001");
    process(pipeline, KEPT, 0, "ev-kept", "store-0002");

    pipeline.revoked(List.of(REVOKED)); // lost: no revoking() first
    pipeline.revoked(List.of(REVOKED));

    assertThat(sink.withdrawn).singleElement().satisfies(e -> assertThat(e.text()).contains("ev-lost"));
    assertThat(sink.pending).hasSize(1);
  }

  @Test
  void aDigestThatAlsoCarriesRecordsOfAKeptPartitionIsNotWithdrawn() {
    // One group for every event: a digest released once it holds two, mixing both partitions.
    NotificationPipeline pipeline = pipeline(new GroupingSettings(GroupingMode.DIGEST, List.of("team"),
        Duration.ofMinutes(1), 2));
    assign(REVOKED, KEPT);
    process(pipeline, REVOKED, 0, "ev-revoked", "store-0001");
    process(pipeline, KEPT, 0, "ev-kept", "store-0002");
    assertThat(sink.pending).hasSize(1);

    pipeline.revoking(List.of(REVOKED));
    handoff.runPending();

    assertThat(sink.withdrawn).isEmpty();
    sink.deliverAll();
    handoff.runPending();
    assertThat(tracker.committable(Set.of(REVOKED, KEPT))).containsOnlyKeys(REVOKED, KEPT);
  }

  @Test
  void aDigestWaitingWhenOneOfItsPartitionsIsLostCompletesOnlyTheRecordsOfPartitionsStillHeld() {
    NotificationPipeline pipeline = pipeline(new GroupingSettings(GroupingMode.DIGEST, List.of("team"),
        Duration.ofMinutes(1), 10));
    assign(REVOKED, KEPT);
    OffsetTracker.Ticket lost = process(pipeline, REVOKED, 0, "ev-lost", "store-0001");
    process(pipeline, KEPT, 0, "ev-kept", "store-0002");

    tracker.revoke(List.of(REVOKED));
    pipeline.revoked(List.of(REVOKED)); // lost: no revoking() first
    clock.advance(Duration.ofMinutes(1));
    pipeline.tick();

    assertThat(sink.pending).hasSize(1);
    assertThat(pipeline.inFlight(List.of(REVOKED))).as("the lost record is its next owner's").isFalse();
    assertThat(pipeline.inFlight(List.of(KEPT))).isTrue();
    sink.deliverAll();
    handoff.runPending();

    assertThat(tracker.committable(List.of(KEPT))).containsEntry(KEPT, new OffsetAndMetadata(1));
    assertThat(tracker.isCurrent(lost)).isFalse();
    assertThat(tracker.pending()).isZero();
  }

  private void assign(TopicPartition... partitions) {
    for (TopicPartition partition : partitions) {
      tracker.assign(partition);
    }
  }

  private OffsetTracker.Ticket process(NotificationPipeline pipeline, TopicPartition partition, long offset,
      String eventId, String store) {
    OffsetTracker.Ticket ticket = tracker.track(partition, offset);
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(TOPIC, partition.partition(), offset,
        clock.millis(), TimestampType.CREATE_TIME, 0, 0, null,
        codec.encode(TestEvents.event(eventId, store)), new RecordHeaders(),
        Optional.empty());
    pipeline.process(record, ticket);
    return ticket;
  }

  private NotificationPipeline pipeline(GroupingSettings grouping) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    return new NotificationPipeline(new EventDecoder(codec),
        new EventScreen(Severity.INFO, EventScreen.Selection.all()),
        new Deduplicator(Duration.ofHours(24), 1_000, clock, registry), null, new Silences(List.of(), clock),
        new SilenceSummaries(List.of(), clock), new EventGrouper<>(grouping, clock),
        new DatadogEventRenderer(RenderSettings.defaults()), sink, DeadLetterSink.keptInPlace("dq-events-dlq"),
        tracker, handoff, new ForwarderMetrics(registry),
        new NotificationPipeline.Settings(Optional.of(Duration.ofHours(1)), Duration.ofSeconds(1), true,
            record -> new TopicPartition(record.topic(), record.partition())),
        NotificationPipeline.OutcomeListener.NONE, clock);
  }
}
