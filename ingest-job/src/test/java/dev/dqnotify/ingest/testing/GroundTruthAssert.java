package dev.dqnotify.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.ingest.testing.OutboxReader.Keyed;
import dev.dqnotify.localstack.sensors.ExpectedEvent;
import dev.dqnotify.localstack.sensors.GroundTruth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The outbox compared with the sensor simulator's ground truth, by exact event id. */
public final class GroundTruthAssert {
  private GroundTruthAssert() {}

  /** The event ids of {@code events}. */
  public static Set<String> ids(List<Keyed> events) {
    return events.stream().map(k -> k.event().getEventId()).collect(Collectors.toSet());
  }

  /** Precision and recall 1.0 per type, with the missed and the extra events named on failure. */
  public static void assertExactly(GroundTruth truth, List<Keyed> events) {
    Map<String, ExpectedEvent> expected =
        truth.events().stream().collect(Collectors.toMap(ExpectedEvent::eventId, Function.identity()));
    Map<String, Keyed> found = events.stream()
        .collect(Collectors.toMap(k -> k.event().getEventId(), Function.identity(), (a, b) -> a));
    Map<String, String> missed = new TreeMap<>();
    expected.forEach((id, e) -> {
      if (!found.containsKey(id)) {
        missed.put(id, e.toString());
      }
    });
    Map<String, String> extra = new TreeMap<>();
    found.forEach((id, k) -> {
      if (!expected.containsKey(id)) {
        extra.put(id, k.event().getEventType() + " " + k.event().getSummary());
      }
    });
    assertThat(missed).as("injected situations the job missed").isEmpty();
    assertThat(extra).as("situations the job found that were not injected").isEmpty();
    for (Keyed keyed : events) {
      assertThat(keyed.event().getEventType().name())
          .isEqualTo(expected.get(keyed.event().getEventId()).type().name());
    }
  }
}
