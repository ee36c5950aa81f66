package dev.dqnotify.forwarder.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupingSettingsTest {

  @Test
  void defaultsToPerEventGroupedByTeamEnvJobEventTypeAndStore() {
    GroupingSettings defaults = GroupingSettings.defaults();

    assertThat(defaults.mode()).isEqualTo(GroupingMode.PER_EVENT);
    assertThat(defaults.groupBy()).containsExactly("team", "env", "job", "event_type", "store_id");
    assertThat(defaults.groupWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.maxEventsPerGroup()).isEqualTo(50);
  }

  @Test
  void rejectsUnknownGroupByLabelNamingTheValidOnes() {
    assertThatThrownBy(() -> settings(List.of("team", "store"), Duration.ZERO, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("group_by")
        .hasMessageContaining("'store'")
        .hasMessageContaining("store_id")
        .hasMessageContaining("sensor_id");
  }

  @Test
  void rejectsALabelListedTwice() {
    assertThatThrownBy(() -> settings(List.of("team", "team"), Duration.ZERO, 1))
        .hasMessageContaining("'team' is listed twice");
  }

  @Test
  void rejectsNegativeGroupWait() {
    assertThatThrownBy(() -> settings(List.of(), Duration.ofSeconds(-1), 1))
        .hasMessageContaining("group_wait");
  }

  @Test
  void rejectsFewerThanOneEventPerGroup() {
    assertThatThrownBy(() -> settings(List.of(), Duration.ZERO, 0))
        .hasMessageContaining("max_events_per_group: 0");
  }

  @Test
  void acceptsEveryDocumentedLabel() {
    assertThat(settings(GroupingSettings.validGroupByLabels(), Duration.ZERO, 1).groupBy())
        .containsExactly("team", "env", "job", "event_type", "severity", "store_id", "sensor_id");
  }

  private static GroupingSettings settings(List<String> groupBy, Duration wait, int max) {
    return new GroupingSettings(GroupingMode.DIGEST, groupBy, wait, max);
  }
}
