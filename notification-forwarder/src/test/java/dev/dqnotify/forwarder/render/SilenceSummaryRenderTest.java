package dev.dqnotify.forwarder.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.forwarder.filter.Silence;
import dev.dqnotify.forwarder.filter.SilenceSummary;
import dev.dqnotify.schemas.DqEventType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SilenceSummaryRenderTest {

  private static final Instant END = Instant.parse("2025-03-01T04:00:00Z");

  private final DatadogEventRenderer renderer = new DatadogEventRenderer(
      new RenderSettings(OverflowPolicy.TRUNCATE, List.of("service:dq-forwarder")));

  private static SilenceSummary summary(int stores) {
    Silence silence = Silence.parseAll(Map.of("store-42.match", "store=~store-.*", "store-42.start",
        "2025-03-01T02:00:00Z", "store-42.end", END.toString(), "store-42.comment", "sensor swap | OPS-1234")).get(0);
    Map<String, Long> byStore = new LinkedHashMap<>();
    for (int i = 0; i < stores; i++) {
      byStore.put(String.format("store-%04d", i), (long) (stores - i));
    }
    long events = byStore.values().stream().mapToLong(Long::longValue).sum();
    return new SilenceSummary(silence, events, Map.of(DqEventType.LATE_DATA, events), byStore,
        new SilenceSummary.Sighting(Instant.parse("2025-03-01T02:01:00Z"), "ev-first", "first one"),
        new SilenceSummary.Sighting(Instant.parse("2025-03-01T03:59:00Z"), "ev-last", "last one"),
        Set.of("team-b", "team-a"), Set.of("prod"));
  }

  @Test
  void saysWhatTheSilenceHeldBackByTypeAndStoreWithItsFirstAndLast() {
    DatadogEvent event = renderer.render(summary(2));

    assertThat(event.title()).isEqualTo("[INFO] Silence store-42 ended: 3 events were not posted");
    assertThat(event.text()).contains("| Comment | sensor swap \\| OPS-1234 |")
        .contains("| Window | 2025-03-01T02:00:00Z to 2025-03-01T04:00:00Z |")
        .contains("| `LATE_DATA` | 3 |").contains("| store-0000 | 2 |").contains("| store-0001 | 1 |")
        .contains("2025-03-01T02:01:00Z · ev-first: first one").contains("2025-03-01T03:59:00Z · ev-last: last one");
    assertThat(event.tags()).containsExactly("source:dqnotify", "notification_id:silence-store-42-"
        + END.getEpochSecond(), "silence:store-42", "team:team-a", "team:team-b", "env:prod", "event_date:2025-03-01", "service:dq-forwarder");
    assertThat(event.alertType()).isEqualTo("info");
    assertThat(event.priority()).isEqualTo("low");
    assertThat(event.text()).contains("**Silence store-42 ended** (2025-03-01T04:00:00Z)");
  }

  @Test
  void listsTheBusiestStoresAndCountsTheRestWithinDatadogsLimits() {
    DatadogEvent event = renderer.render(summary(500));

    assertThat(event.text()).hasSizeLessThanOrEqualTo(DatadogEvent.MAX_TEXT_LENGTH).contains("| store-0029 |")
        .doesNotContain("| store-0030 |").contains("more stores");
  }
}
