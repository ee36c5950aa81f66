package dev.dqnotify.forwarder.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventScreenTest {

  private static final Instant NOW = Instant.parse("2025-03-01T03:00:00Z");

  @Test
  void screensBySelectionThenByMinimumSeverity() {
    EventScreen screen = new EventScreen(Severity.WARNING, new EventScreen.Selection(Set.of(DqEventType.LATE_DATA),
        Set.of("store-0001")));
    DqEvent selected = SilenceSummariesTest.event("a", "store-0001", DqEventType.LATE_DATA, NOW);

    assertThat(screen.screen(selected)).isEqualTo(EventScreen.Verdict.PASS);
    assertThat(screen.screen(SilenceSummariesTest.event("b", "store-0002", DqEventType.LATE_DATA, NOW)))
        .isEqualTo(EventScreen.Verdict.NOT_SELECTED);
    assertThat(screen.screen(SilenceSummariesTest.event("c", "store-0001", DqEventType.OUT_OF_RANGE, NOW)))
        .isEqualTo(EventScreen.Verdict.NOT_SELECTED);
    assertThat(screen.screen(DqEvent.newBuilder(selected).setSeverity(Severity.INFO).build()))
        .isEqualTo(EventScreen.Verdict.BELOW_MIN_SEVERITY);
    assertThat(new EventScreen(Severity.INFO, EventScreen.Selection.all())
        .screen(SilenceSummariesTest.event("d", "store-0009", DqEventType.UNKNOWN_STORE, NOW)))
        .isEqualTo(EventScreen.Verdict.PASS);
  }
}
