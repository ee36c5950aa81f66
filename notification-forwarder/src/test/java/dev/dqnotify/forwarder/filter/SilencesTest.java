package dev.dqnotify.forwarder.filter;

import static dev.dqnotify.forwarder.filter.SilenceSummariesTest.event;
import static dev.dqnotify.forwarder.filter.SilenceSummariesTest.silence;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.localstack.junit.MutableClock;
import dev.dqnotify.schemas.DqEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SilencesTest {

  private static final Instant NOW = Instant.parse("2025-03-01T03:00:00Z");

  private final MutableClock clock = new MutableClock(NOW);

  @Test
  void aSilenceHoldsBackTheEventsItMatchesOnlyWhileActive() {
    Silence maintenance = silence("maintenance", "store=~store-000[12]", NOW.plus(Duration.ofHours(1)));
    Silence idle = silence("idle", "team=nobody", NOW.plus(Duration.ofMinutes(30)));
    Silences silences = new Silences(List.of(idle, maintenance), clock);

    assertThat(silences.holding(event("e", "store-0002", DqEventType.OUT_OF_RANGE, NOW))).contains(maintenance);
    assertThat(silences.holding(event("free", "store-0003", DqEventType.LATE_DATA, NOW))).isEmpty();
    assertThat(silences.active()).containsExactlyInAnyOrder("idle", "maintenance");
    clock.advance(Duration.ofHours(1));
    assertThat(silences.holding(event("late", "store-0001", DqEventType.LATE_DATA, NOW))).isEqualTo(Optional.empty());
    assertThat(silences.active()).isEmpty();
  }
}
