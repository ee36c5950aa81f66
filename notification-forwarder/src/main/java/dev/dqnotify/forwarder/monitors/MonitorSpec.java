package dev.dqnotify.forwarder.monitors;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The parts of a Datadog monitor that dqnotify manages, in a form that compares equal exactly when
 * Datadog would hold the same monitor: tags as a sorted set (Datadog does not keep their order) and
 * only the options dqnotify sets. Options someone added by hand (a renotify interval, say) are not
 * managed, so they are neither compared nor overwritten.
 *
 * @param name e.g. {@code [dqnotify] stores-north}
 * @param type e.g. {@code event-v2 alert}
 * @param query the monitor query
 * @param message the notification message, handles included
 * @param tags sorted, without duplicates
 * @param priority 1–5, or null for none
 * @param criticalThreshold {@code options.thresholds.critical}, or null when unset
 * @param notifyNoData {@code options.notify_no_data}, or null when unset
 * @param includeTags {@code options.include_tags}, or null when unset
 */
record MonitorSpec(
    String name,
    String type,
    String query,
    String message,
    List<String> tags,
    Long priority,
    Double criticalThreshold,
    Boolean notifyNoData,
    Boolean includeTags) {

  MonitorSpec {
    tags = tags == null ? List.of() : List.copyOf(new TreeSet<>(tags));
  }

  /** One field whose actual value differs from the desired one, both shown as text. */
  record FieldChange(String field, String actual, String desired) {}

  /** The fields of {@code actual} that differ from this (desired) spec, in a fixed order. */
  List<FieldChange> changesFrom(MonitorSpec actual) {
    List<FieldChange> changes = new ArrayList<>();
    compare(changes, "name", actual.name, name);
    compare(changes, "type", actual.type, type);
    compare(changes, "query", actual.query, query);
    compare(changes, "message", actual.message, message);
    compare(changes, "tags", String.join(", ", actual.tags), String.join(", ", tags));
    compare(changes, "priority", text(actual.priority), text(priority));
    compare(
        changes,
        "options.thresholds.critical",
        number(actual.criticalThreshold),
        number(criticalThreshold));
    compare(changes, "options.notify_no_data", text(actual.notifyNoData), text(notifyNoData));
    compare(changes, "options.include_tags", text(actual.includeTags), text(includeTags));
    return List.copyOf(changes);
  }

  private static void compare(
      List<FieldChange> changes, String field, String actual, String desired) {
    if (!Objects.equals(actual, desired)) {
      changes.add(new FieldChange(field, actual, desired));
    }
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  /** {@code 0} rather than {@code 0.0}: Datadog may answer either for the same threshold. */
  private static String number(Double value) {
    return value == null ? null : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
