package dev.dqnotify.localstack.datadog;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A monitor the simulator holds, as its Monitors API stored it.
 *
 * @param id the monitor's id, as Datadog's: a positive integer that is never reused
 * @param type e.g. {@code event-v2 alert}
 * @param name the monitor's name
 * @param query the monitor's query
 * @param message the notification message, handles included
 * @param tags the monitor's own tags (not the scope of its query), in the order sent
 * @param options the options as stored: what was sent plus the defaults Datadog adds ({@code
 *     notify_audit}, {@code include_tags}, {@code silenced}); JSON objects are maps, JSON arrays
 *     lists
 * @param priority 1–5, or null for none
 * @param created when it was created, by the simulator's clock
 * @param modified when it was last created or updated, by the simulator's clock
 * @param revision how many updates ({@code PUT}) it has had; 0 after creation. Not a Datadog field:
 *     it lets a test tell "not written" from "written with the same content"
 */
public record StoredMonitor(
    long id,
    String type,
    String name,
    String query,
    String message,
    List<String> tags,
    Map<String, Object> options,
    Long priority,
    Instant created,
    Instant modified,
    int revision) {

  /**
   * Copies the tags and the top level of the options (options may hold JSON nulls, which {@link
   * Map#copyOf} would refuse), so the record stays unchanged however the caller's collections do.
   */
  public StoredMonitor {
    tags = List.copyOf(tags);
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }
}
