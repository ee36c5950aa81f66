package dev.dqnotify.forwarder.group;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.SituationTypes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The event fields that may appear in {@code group_by}, under the names configuration uses. */
enum GroupLabel {
  TEAM("team", DqEvent::getTeam),
  ENV("env", DqEvent::getEnv),
  JOB("job", DqEvent::getJob),
  EVENT_TYPE("event_type", SituationTypes::nameOf), // a job-defined type by its own name
  SEVERITY("severity", e -> e.getSeverity().name()),
  STORE_ID("store_id", DqEvent::getStoreId),
  SENSOR_ID("sensor_id", DqEvent::getSensorId);

  private final String label;
  private final Function<DqEvent, String> value;

  GroupLabel(String label, Function<DqEvent, String> value) {
    this.label = label;
    this.value = value;
  }

  String label() {
    return label;
  }

  static Optional<GroupLabel> byLabel(String label) {
    return Arrays.stream(values()).filter(l -> l.label.equals(label)).findFirst();
  }

  static List<String> labels() {
    return Arrays.stream(values()).map(GroupLabel::label).toList();
  }

  /**
   * The event's values for {@code labels}, in that order. A null value (no store, no sensor) is
   * left out rather than mapped to a placeholder that could clash with a real value.
   */
  static Map<String, String> valuesOf(DqEvent event, List<GroupLabel> labels) {
    Map<String, String> values = new LinkedHashMap<>();
    for (GroupLabel l : labels) {
      String v = l.value.apply(event);
      if (v != null) {
        values.put(l.label, v);
      }
    }
    return values;
  }
}
