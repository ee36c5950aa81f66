package dev.dqnotify.forwarder.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.forwarder.testing.TestEvents;
import dev.dqnotify.localstack.junit.MutableClock;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventFilterTest {

  private static final Instant NOW = Instant.parse("2025-03-01T03:00:00Z");

  private final MutableClock clock = new MutableClock(NOW);

  private static Silence silence(String name, String match, Instant end) {
    return Silence.parseAll(Map.of(name + ".match", match, name + ".end", end.toString(), name + ".comment", "why"))
        .get(0);
  }

  private static DqEvent event(String id, String store, DqEventType type, Instant time) {
    return DqEvent.newBuilder(TestEvents.event(id, store)).setEventType(type).setEventTime(time).build();
  }

  @Test
  void screensBySelectionThenByMinimumSeverity() {
    EventFilter filter = new EventFilter(Severity.WARNING, new EventFilter.Selection(Set.of(DqEventType.LATE_DATA),
        Set.of("store-0001")), List.of(), clock);
    DqEvent selected = event("a", "store-0001", DqEventType.LATE_DATA, NOW);

    assertThat(filter.screen(selected)).isEqualTo(EventFilter.Verdict.PASS);
    assertThat(filter.screen(event("b", "store-0002", DqEventType.LATE_DATA, NOW)))
        .isEqualTo(EventFilter.Verdict.NOT_SELECTED);
    assertThat(filter.screen(event("c", "store-0001", DqEventType.OUT_OF_RANGE, NOW)))
        .isEqualTo(EventFilter.Verdict.NOT_SELECTED);
    assertThat(filter.screen(DqEvent.newBuilder(selected).setSeverity(Severity.INFO).build()))
        .isEqualTo(EventFilter.Verdict.BELOW_MIN_SEVERITY);
    assertThat(new EventFilter(Severity.INFO, EventFilter.Selection.all(), List.of(), clock)
        .screen(event("d", "store-0009", DqEventType.UNKNOWN_STORE, NOW))).isEqualTo(EventFilter.Verdict.PASS);
  }

  @Test
  void summarisesWhatASilenceHeldBackOnceWhenItEnds() {
    Silence maintenance = silence("maintenance", "store=~store-000[12]", NOW.plus(Duration.ofHours(1)));
    Silence idle = silence("idle", "team=nobody", NOW.plus(Duration.ofMinutes(30)));
    EventFilter filter = new EventFilter(Severity.INFO, EventFilter.Selection.all(), List.of(idle, maintenance), clock);
    Instant t0 = NOW.minus(Duration.ofMinutes(10));

    assertThat(filter.silence(event("e3", "store-0002", DqEventType.OUT_OF_RANGE, t0.plusSeconds(30))))
        .map(Silence::name).contains("maintenance");
    filter.silence(event("e1", "store-0001", DqEventType.LATE_DATA, t0));
    filter.silence(event("e2", "store-0001", DqEventType.LATE_DATA, t0.plusSeconds(60)));
    assertThat(filter.silence(event("free", "store-0003", DqEventType.LATE_DATA, t0))).isEmpty();
    assertThat(filter.activeSilences()).containsExactlyInAnyOrder("idle", "maintenance");
    clock.advance(Duration.ofMinutes(30));
    assertThat(filter.endedSilences()).as("the idle silence held nothing back").isEmpty();
    clock.advance(Duration.ofMinutes(30));

    List<SilenceSummary> ended = filter.endedSilences();

    assertThat(ended).singleElement().satisfies(summary -> {
      assertThat(summary.silence()).isEqualTo(maintenance);
      assertThat(summary.events()).isEqualTo(3);
      assertThat(summary.byEventType()).isEqualTo(Map.of(DqEventType.LATE_DATA, 2L, DqEventType.OUT_OF_RANGE, 1L));
      assertThat(summary.byStore()).containsExactly(Map.entry("store-0001", 2L), Map.entry("store-0002", 1L));
      assertThat(summary.first().eventId()).isEqualTo("e1");
      assertThat(summary.last().eventId()).isEqualTo("e2");
      assertThat(summary.teams()).containsExactly("climate");
    });
    assertThat(filter.endedSilences()).as("each summary once").isEmpty();
    assertThat(filter.silence(event("late", "store-0001", DqEventType.LATE_DATA, NOW))).isEqualTo(Optional.empty());
  }

  @Test
  void aSilenceOverBeforeTheRunBeganReportsNothing() {
    Silence over = silence("over", "team=climate", NOW.minusSeconds(1));
    EventFilter filter = new EventFilter(Severity.INFO, EventFilter.Selection.all(), List.of(over), clock);

    assertThat(filter.silence(TestEvents.event("x", "store-0001"))).isEmpty();
    assertThat(filter.endedSilences()).isEmpty();
  }
}
