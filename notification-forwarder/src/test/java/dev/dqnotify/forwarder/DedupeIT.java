package dev.dqnotify.forwarder;

import static dev.dqnotify.forwarder.testing.ForwarderHarness.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dqnotify.forwarder.testing.ForwarderScenario;
import dev.dqnotify.forwarder.testing.TestEvents;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import dev.dqnotify.schemas.DqEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Dedupe state is rebuilt from the outbox itself, so repeats of delivered events stay silent after
 * a restart and on an instance that takes a partition over.
 */
class DedupeIT extends ForwarderScenario {

  DedupeIT(KafkaBroker kafka, SchemaRegistryServer registry, DatadogSimulator datadog) {
    super(kafka, registry, datadog, 2);
  }

  private static double deduplicated(Forwarder forwarder) {
    return forwarder.meterRegistry().get("dqnotify.forwarder.events.deduplicated").counter().count();
  }

  @Test
  void repeatsOfDeliveredEventsAreNotNotifiedAfterARestartOrOnASecondInstance() {
    List<DqEvent> first = TestEvents.events("first", 8, 8);
    List<DqEvent> second = TestEvents.events("second", 8, 8);
    List<DqEvent> third = TestEvents.events("third", 8, 8);

    Forwarder original = harness.startAndAwaitAssignment(Map.of());
    harness.produce(first);
    harness.awaitDelivered(TestEvents.ids(first));
    harness.awaitEverythingCommitted();
    original.close();

    // Restart: the job re-ran a batch (same ids) and wrote new events.
    harness.produce(first);
    harness.produce(second);
    Forwarder restarted = harness.startAndAwaitAssignment(Map.of());
    harness.awaitDelivered(TestEvents.ids(second));
    assertThat(deduplicated(restarted)).isEqualTo(8);

    // Rebalance: a second instance takes one partition over and rebuilds its state from the topic.
    harness.awaitEverythingCommitted();
    Forwarder joined = harness.start(Map.of());
    await().atMost(PATIENCE).until(() -> restarted.assignedPartitions() == 1 && joined.assignedPartitions() == 1);
    List<DqEvent> repeats = new ArrayList<>(first);
    repeats.addAll(second);
    harness.produce(repeats);
    harness.produce(third);
    harness.awaitDelivered(TestEvents.ids(third));
    await().atMost(PATIENCE).until(() -> deduplicated(restarted) + deduplicated(joined) == 8 + 16);

    assertThat(deduplicated(joined)).as("the new owner recognised repeats of what the old one delivered").isPositive();
    assertThat(harness.deliveredCounts()).hasSize(24).allSatisfy((id, count) -> assertThat(count).isOne());
  }

  @Test
  void aBackfillReRunOfTheIngestJobNotifiesOnlyWhatWasNeverNotified() {
    List<DqEvent> notified = TestEvents.events("notified", 6, 3);
    List<DqEvent> neverNotified = TestEvents.events("new-in-backfill", 4, 3);
    Forwarder forwarder = harness.startAndAwaitAssignment(Map.of());
    harness.produce(notified);
    harness.awaitDelivered(TestEvents.ids(notified));

    // The job re-run over the same raw data with a fresh checkpoint writes the same ids again, plus
    // the events the first run never raised (data that arrived for the backfill).
    List<DqEvent> rerun = new ArrayList<>(notified);
    rerun.addAll(neverNotified);
    harness.produce(rerun);

    harness.awaitDelivered(TestEvents.ids(neverNotified));
    harness.awaitEverythingCommitted();
    assertThat(harness.deliveredCounts()).hasSize(10).allSatisfy((id, count) -> assertThat(count).isOne());
    assertThat(deduplicated(forwarder)).isEqualTo(6);
  }
}
