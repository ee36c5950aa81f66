package dev.dqnotify.forwarder.group;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.dqnotify.schemas.DqEvent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What the forwarder tells Datadog about at once: one event (PER_EVENT) or a group's events
 * (DIGEST).
 *
 * @param id deterministic: the event's {@code event_id} for a single event; for a digest a UUID
 *     derived from the group labels and the sorted event ids, so the same group of events always
 *     gets the same id
 * @param groupLabels the grouping labels and the group's values, in {@code group_by} order; a label
 *     whose value is null (no store, no sensor) is absent
 * @param events the events, in arrival order; never empty
 * @param backfill whether the events come from a backfill (grouped apart from live events)
 */
public record Notification(
    String id, Map<String, String> groupLabels, List<DqEvent> events, boolean backfill) {

  /** Checks the invariants and takes immutable copies. */
  public Notification {
    Objects.requireNonNull(id, "id");
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a notification needs at least one event");
    }
    groupLabels.forEach(
        (label, value) -> {
          if (label == null || value == null) {
            throw new IllegalArgumentException("group label " + label + " without a value");
          }
        });
    // LinkedHashMap keeps group_by order, which Map.copyOf would lose.
    groupLabels = Collections.unmodifiableMap(new LinkedHashMap<>(groupLabels));
    events = List.copyOf(events);
  }

  static Notification perEvent(DqEvent event, Map<String, String> labels, boolean backfill) {
    return new Notification(event.getEventId(), labels, List.of(event), backfill);
  }

  static Notification digest(Map<String, String> labels, List<DqEvent> events, boolean backfill) {
    StringBuilder name = new StringBuilder("dqnotify-digest");
    new TreeMap<>(labels).forEach((k, v) -> appendField(appendField(name, k), v));
    name.append('|');
    events.stream().map(DqEvent::getEventId).sorted().forEach(id -> appendField(name, id));
    String id = UUID.nameUUIDFromBytes(name.toString().getBytes(UTF_8)).toString();
    return new Notification(id, labels, events, backfill);
  }

  // Length-prefixed, so that no two different label/id lists can encode to the same bytes.
  private static StringBuilder appendField(StringBuilder name, String field) {
    return name.append(field.length()).append(':').append(field);
  }
}
