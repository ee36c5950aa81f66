package dev.dqnotify.forwarder.group;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link EventGrouper} forms notifications, in the manner of Alertmanager's routes.
 *
 * @param mode one notification per event, or one per group
 * @param groupBy the labels whose values define a group (DIGEST); empty puts every event in one
 *     group. Valid labels: {@code team, env, job, event_type, severity, store_id, sensor_id}
 * @param groupWait how long a group collects events after its first one before it is released
 * @param maxEventsPerGroup a group reaching this many events is released at once
 */
public record GroupingSettings(
    GroupingMode mode, List<String> groupBy, Duration groupWait, int maxEventsPerGroup) {

  /** {@code team, env, job, event_type, store_id}: one group per store and kind of problem. */
  public static final List<String> DEFAULT_GROUP_BY =
      List.of("team", "env", "job", "event_type", "store_id");

  /** Validates every setting; a mistake names the setting, the value and what would be valid. */
  public GroupingSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(groupBy, "group_by");
    Objects.requireNonNull(groupWait, "group_wait");
    Set<String> seen = new HashSet<>();
    for (String label : groupBy) {
      if (label == null || GroupLabel.byLabel(label).isEmpty()) {
        throw new IllegalArgumentException(
            "group_by: unknown label '" + label + "'; valid labels are " + GroupLabel.labels());
      }
      if (!seen.add(label)) {
        throw new IllegalArgumentException("group_by: label '" + label + "' is listed twice");
      }
    }
    groupBy = List.copyOf(groupBy);
    if (groupWait.isNegative()) {
      throw new IllegalArgumentException(
          "group_wait: " + groupWait + " is negative; use zero or a positive duration");
    }
    if (maxEventsPerGroup < 1) {
      throw new IllegalArgumentException(
          "max_events_per_group: " + maxEventsPerGroup + " must be at least 1");
    }
  }

  /** PER_EVENT, {@link #DEFAULT_GROUP_BY}, group_wait 10 s, at most 50 events per group. */
  public static GroupingSettings defaults() {
    return new GroupingSettings(
        GroupingMode.PER_EVENT, DEFAULT_GROUP_BY, Duration.ofSeconds(10), 50);
  }

  /** The labels {@code groupBy} accepts. */
  public static List<String> validGroupByLabels() {
    return GroupLabel.labels();
  }
}
