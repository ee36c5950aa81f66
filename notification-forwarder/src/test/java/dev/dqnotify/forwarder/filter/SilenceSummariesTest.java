package dev.dqnotify.forwarder.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.forwarder.testing.TestEvents;
import dev.dqnotify.localstack.junit.MutableClock;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SilenceSummariesTest {

  private static final Instant NOW = Instant.parse("2025-03-01T03:00:00Z");

  private final MutableClock clock = new MutableClock(NOW);

  static Silence silence(String name, String match, Instant end) {
    return Silence.parseAll(Map.of(name + ".match", match, name + ".end", end.toString(), name + ".comment", "why"))
        .get(0);
  }

  static DqEvent event(String id, String store, DqEventType type, Instant time) {
    return DqEvent.newBuilder(TestEvents.event(id, store)).setEventType(type).setEventTime(time).build();
  }

  @Test
  void summarisesWhatASilenceHeldBackOnceWhenItEnds() {
    Silence maintenance = silence("maintenance", "store=~store-000[12]", NOW.plus(Duration.ofHours(1)));
    Silence idle = silence("idle", "team=nobody", NOW.plus(Duration.ofMinutes(30)));
    SilenceSummaries summaries = new SilenceSummaries(List.of(idle, maintenance), clock);
    Instant t0 = NOW.minus(Duration.ofMinutes(10));

    summaries.heldBack(maintenance, event("e3", "store-0002", DqEventType.OUT_OF_RANGE, t0.plusSeconds(30)));
    summaries.heldBack(maintenance, event("e1", "store-0001", DqEventType.LATE_DATA, t0));
    summaries.heldBack(maintenance, event("e2", "store-0001", DqEventType.LATE_DATA, t0.plusSeconds(60)));
    clock.advance(Duration.ofMinutes(30));
    assertThat(summaries.ended()).as("the idle silence held nothing back").isEmpty();
    clock.advance(Duration.ofMinutes(30));

    List<SilenceSummary> ended = summaries.ended();

    assertThat(ended).singleElement().satisfies(summary -> {
      assertThat(summary.silence()).isEqualTo(maintenance);
      assertThat(summary.events()).isEqualTo(3);
      assertThat(summary.byEventType()).isEqualTo(Map.of(DqEventType.LATE_DATA, 2L, DqEventType.OUT_OF_RANGE, 1L));
      assertThat(summary.byStore()).containsExactly(Map.entry("store-0001", 2L), Map.entry("store-0002", 1L));
      assertThat(summary.first().eventId()).isEqualTo("e1");
      assertThat(summary.last().eventId()).isEqualTo("e2");
      assertThat(summary.teams()).containsExactly("climate");
    });
    assertThat(summaries.ended()).as("each summary once").isEmpty();
  }

  @Test
  void aSilenceOverBeforeTheRunBeganReportsNothing() {
    Silence over = silence("over", "team=climate", NOW.minusSeconds(1));
    Silences silences = new Silences(List.of(over), clock);
    SilenceSummaries summaries = new SilenceSummaries(List.of(over), clock);

    assertThat(silences.holding(TestEvents.event("x", "store-0001"))).isEmpty();
    assertThat(summaries.ended()).isEmpty();
  }
}
