package dev.dqnotify.forwarder;

import static dev.dqnotify.forwarder.testing.ForwarderHarness.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dqnotify.forwarder.testing.ForwarderScenario;
import dev.dqnotify.forwarder.testing.TestEvents;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.datadog.ReceivedEvent;
import dev.dqnotify.localstack.junit.MutableClock;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import dev.dqnotify.schemas.DqEvent;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Silences from the configuration, on a forwarder whose clock the test moves past their end. */
class SilenceIT extends ForwarderScenario {

  SilenceIT(KafkaBroker kafka, SchemaRegistryServer registry, DatadogSimulator datadog) {
    super(kafka, registry, datadog, 2);
  }

  private List<ReceivedEvent> summaries() {
    return datadog.acceptedEvents().stream().filter(e -> e.tags().stream().anyMatch(t -> t.startsWith("silence:")))
        .toList();
  }

  @Test
  void aSilenceHoldsBackWhatItMatchesCountsItAndSummarisesItOnceWhenItEnds() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    MutableClock clock = new MutableClock(now);
    Map<String, String> settings = new HashMap<>();
    settings.put("consume.commit-interval", "0s"); // the clock stands still between the test's moves
    settings.put("silence.store-9xx.match", "store=~store-09.., event_type=insufficient_data_points");
    settings.put("silence.store-9xx.start", now.minus(Duration.ofMinutes(5)).toString());
    settings.put("silence.store-9xx.end", now.plus(Duration.ofMinutes(30)).toString());
    settings.put("silence.store-9xx.comment", "sensor swap in the 900s (OPS-42)");
    settings.put("silence.nobody.match", "team=nobody");
    settings.put("silence.nobody.end", now.plus(Duration.ofMinutes(20)).toString());
    settings.put("silence.nobody.comment", "matches nothing, so it reports nothing");
    settings.put("silence.long-over.match", "team=climate");
    settings.put("silence.long-over.end", now.minus(Duration.ofDays(1)).toString());
    settings.put("silence.long-over.comment", "ended before start-up: no effect");
    Forwarder forwarder = harness.start(settings, clock);
    // Distinct event times, a minute apart: the summary's first and last do not depend on read order.
    List<DqEvent> held = TestEvents.events("held", 4, 4).stream()
        .map(e -> DqEvent.newBuilder(e).setStoreId(e.getStoreId().replace("store-00", "store-09"))
            .setEventTime(now.minus(Duration.ofMinutes(10 - Long.parseLong(e.getEventId().substring(5))))).build())
        .toList();
    List<DqEvent> passed = TestEvents.events("passed", 3, 3);

    harness.produce(held);
    harness.produce(passed);

    harness.awaitDelivered(TestEvents.ids(passed));
    harness.awaitEverythingCommitted();
    assertThat(harness.deliveredCounts()).containsOnlyKeys(TestEvents.ids(passed).toArray(String[]::new));
    Counter silenced = forwarder.meterRegistry().get("dqnotify.forwarder.events.silenced").tag("silence", "store-9xx")
        .counter();
    assertThat(silenced.count()).isEqualTo(4.0);
    assertThat(forwarder.meterRegistry().scrape())
        .contains("dqnotify_forwarder_events_silenced_total{silence=\"store-9xx\"} 4.0");
    assertThat(summaries()).isEmpty();

    clock.advance(Duration.ofMinutes(31));

    await().atMost(PATIENCE).until(() -> summaries().size() == 1);
    List<DqEvent> afterwards = new ArrayList<>(List.of(TestEvents.event("after-silence", "store-0905")));
    harness.produce(afterwards);
    harness.awaitDelivered(TestEvents.ids(afterwards));
    ReceivedEvent summary = summaries().get(0);
    assertThat(summaries()).as("one summary, for the one silence that held something back").hasSize(1);
    assertThat(summary.title()).isEqualTo("[INFO] Silence store-9xx ended: 4 events were not posted");
    assertThat(summary.tags()).contains("silence:store-9xx", "team:climate", "env:dev", "source:dqnotify");
    assertThat(summary.alertType()).isEqualTo("info");
    assertThat(summary.text()).contains("sensor swap in the 900s (OPS-42)").contains("`INSUFFICIENT_DATA_POINTS` | 4")
        .contains("store-0900 | 1").contains("store-0903 | 1").contains("held-0").contains("held-3")
        .contains("store=\\~store-09.., event\\_type=insufficient\\_data\\_points"); // escaped markdown
    assertThat(harness.deliveredCounts()).containsEntry("after-silence", 1);
  }
}
