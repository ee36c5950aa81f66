package dev.dqnotify.forwarder.replay;

import dev.dqnotify.forwarder.Forwarder;
import dev.dqnotify.forwarder.testing.CommandRun;
import dev.dqnotify.forwarder.testing.ForwarderHarness;
import dev.dqnotify.forwarder.testing.ForwarderScenario;
import dev.dqnotify.forwarder.testing.TestEvents;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.datadog.ReceivedEvent;
import dev.dqnotify.localstack.junit.MutableClock;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import dev.dqnotify.schemas.DqEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dq-forwarder replay} against the real broker, registry and Datadog simulator: a live
 * forwarder handles the outbox first, then the replay reads a window of it again.
 */
class ReplayIT extends ForwarderScenario {

  ReplayIT(KafkaBroker kafka, SchemaRegistryServer registry, DatadogSimulator datadog) {
    super(kafka, registry, datadog, 3);
  }

  /** Runs {@code dq-forwarder replay} with the scenario's settings plus {@code extra}, as the live forwarder had. */
  private CommandRun replay(MutableClock clock, Map<String, String> extra, String... args) {
    Map<String, String> settings = harness.settings();
    settings.putAll(extra);
    return CommandRun.of(new ReplayCommand().using(clock, ForwarderHarness.environment()), settings, args);
  }

  @Test
  void aWindowReplayPostsWhatASilenceHeldBackTaggedBackfillSkipsWhatWasDeliveredAndMovesNoOffsets() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Map<String, String> silence = Map.of(
        "silence.store-900.match", "store=store-0900",
        "silence.store-900.start", now.minus(Duration.ofHours(3)).toString(),
        "silence.store-900.end", now.plus(Duration.ofMinutes(10)).toString(),
        "silence.store-900.comment", "sensor swap at store 900");
    Map<String, String> live = new HashMap<>(silence);
    live.put("consume.commit-interval", "0s"); // the clock stands still: commit on every loop
    List<DqEvent> before = TestEvents.events("before", 2, 2);
    List<DqEvent> delivered = TestEvents.events("window", 3, 3);
    List<DqEvent> silenced = List.of(TestEvents.event("held-0", "store-0900"), TestEvents.event("held-1", "store-0900"));
    List<DqEvent> after = new ArrayList<>(TestEvents.events("after", 2, 2));
    after.add(TestEvents.event("held-later", "store-0900"));
    Instant windowStart = now.minus(Duration.ofMinutes(130));
    Instant windowEnd = now.minus(Duration.ofMinutes(90));

    harness.start(live, new MutableClock(now));
    harness.produceAt(now.minus(Duration.ofMinutes(150)), before);
    harness.produceAt(now.minus(Duration.ofMinutes(120)), delivered);
    harness.produceAt(now.minus(Duration.ofMinutes(120)), silenced);
    harness.produceAt(now.minus(Duration.ofMinutes(110)), delivered.subList(0, 1)); // a re-run batch's copy
    harness.produceAt(now.minus(Duration.ofMinutes(60)), after);
    harness.awaitDelivered(List.of("before-0", "before-1", "window-0", "window-1", "window-2", "after-0", "after-1"));
    harness.awaitEverythingCommitted();
    assertThat(harness.deliveredCounts()).doesNotContainKeys("held-0", "held-1", "held-later");
    Map<TopicPartition, Long> committed = harness.committedOffsets();
    datadog.clearRecorded();
    // The silence is over when the replay runs.
    MutableClock later = new MutableClock(now.plus(Duration.ofMinutes(20)));

    CommandRun dryRun = replay(later, silence, "--from", windowStart.toString(), "--to", windowEnd.toString(), "--dry-run");

    assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
    assertThat(dryRun.out()).containsPattern("would be posted +2 +\\(2 Datadog events\\)")
        .containsPattern("skipped, already delivered +4").contains("[backfill]").contains("Nothing was posted");
    assertThat(datadog.acceptedEvents()).isEmpty();

    CommandRun run = replay(later, silence, "--from", windowStart.toString(), "--to", windowEnd.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).containsPattern("read +6").containsPattern("posted +2")
        .containsPattern("skipped, already delivered +4").containsPattern("left to the live forwarder +0");
    assertThat(harness.deliveredCounts()).containsOnlyKeys("held-0", "held-1")
        .allSatisfy((id, count) -> assertThat(count).isOne());
    assertThat(datadog.acceptedEvents()).allSatisfy(event -> assertThat(event.tags()).contains("backfill:true"));
    assertThat(harness.committedOffsets()).as("the live group's offsets").isEqualTo(committed);

    datadog.clearRecorded();
    CommandRun forced = replay(later, silence, "--from", windowStart.toString(), "--to", windowEnd.toString(), "--force");

    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(harness.deliveredCounts()).as("every event of the window, each once")
        .containsOnlyKeys("window-0", "window-1", "window-2", "held-0", "held-1")
        .allSatisfy((id, count) -> assertThat(count).isOne());
    assertThat(harness.committedOffsets()).isEqualTo(committed);
  }

  @Test
  void aReplayLeavesWhatTheLiveGroupHasNotReachedToItAndPostsOldEventsInsideDatadogsWindow() {
    Instant threeDaysAgo = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MILLIS);
    DqEvent old = DqEvent.newBuilder(TestEvents.event("three-days-old", "store-0007"))
        .setDetectedAt(threeDaysAgo).setEventTime(threeDaysAgo).build();
    List<DqEvent> handled = new ArrayList<>(TestEvents.events("handled", 4, 4));
    handled.add(old);
    Instant start = Instant.now().minus(Duration.ofMinutes(1));
    Forwarder live = harness.startAndAwaitAssignment(Map.of());
    harness.produce(handled);
    harness.awaitDelivered(TestEvents.ids(handled));
    harness.awaitEverythingCommitted();
    live.close(); // what is written from now on waits for the live forwarder's next start
    List<DqEvent> unreached = TestEvents.events("unreached", 3, 3);
    harness.produce(unreached);
    Map<TopicPartition, Long> committed = harness.committedOffsets();
    datadog.clearRecorded();

    CommandRun unforced = replay(new MutableClock(Instant.now()), Map.of(), "--from", start.toString());

    assertThat(unforced.exitCode()).as(unforced.toString()).isZero();
    assertThat(unforced.out()).containsPattern("posted +0").containsPattern("skipped, already delivered +5");
    assertThat(datadog.acceptedEvents()).isEmpty();

    CommandRun run = replay(new MutableClock(Instant.now()), Map.of(), "--from", start.toString(), "--force",
        "--store", "store-0000,store-0001,store-0007");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).containsPattern("left to the live forwarder +3").containsPattern("posted +3")
        .containsPattern("matched +3");
    assertThat(harness.deliveredCounts()).containsOnlyKeys("handled-0", "handled-1", "three-days-old");
    ReceivedEvent replayedOld = datadog.acceptedEvents().stream()
        .filter(e -> ForwarderHarness.notificationId(e).orElseThrow().equals("three-days-old")).findFirst()
        .orElseThrow();
    assertThat(replayedOld.dateHappened()).as("dated at its delivery, inside any monitor's window")
        .isEqualTo(replayedOld.receivedAt().truncatedTo(ChronoUnit.SECONDS));
    assertThat(replayedOld.text()).contains(threeDaysAgo.toString());
    assertThat(replayedOld.tags())
        .contains("event_date:" + threeDaysAgo.atZone(ZoneOffset.UTC).toLocalDate());
    assertThat(replayedOld.tags()).contains("backfill:true");
    assertThat(harness.committedOffsets()).isEqualTo(committed);
  }
}
