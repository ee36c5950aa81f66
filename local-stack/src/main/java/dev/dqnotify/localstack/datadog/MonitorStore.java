package dev.dqnotify.localstack.datadog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The monitors the simulator holds, in memory. Thread-safe: one lock keeps ids and monitors
 * consistent with each other.
 */
final class MonitorStore {

  /** Datadog's monitor ids are plain positive integers of eight or nine digits. */
  static final long FIRST_ID = 10_000_001L;

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private long nextId = FIRST_ID; // never reset, so a deleted monitor's id is never reused
  private final TreeMap<Long, StoredMonitor> monitors = new TreeMap<>();

  synchronized StoredMonitor create(MonitorValidator.Definition definition, Instant now) {
    StoredMonitor monitor = stored(nextId++, definition, now, now, 0);
    monitors.put(monitor.id(), monitor);
    return monitor;
  }

  /** Replaces a monitor's definition; empty when there is no monitor {@code id}. */
  synchronized Optional<StoredMonitor> update(
      long id, MonitorValidator.Definition definition, Instant now) {
    StoredMonitor old = monitors.get(id);
    if (old == null) {
      return Optional.empty();
    }
    StoredMonitor monitor = stored(id, definition, old.created(), now, old.revision() + 1);
    monitors.put(id, monitor);
    return Optional.of(monitor);
  }

  synchronized Optional<StoredMonitor> get(long id) {
    return Optional.ofNullable(monitors.get(id));
  }

  /** Every monitor, in ascending order of id, as Datadog lists them. */
  synchronized List<StoredMonitor> all() {
    return List.copyOf(monitors.values());
  }

  synchronized boolean delete(long id) {
    return monitors.remove(id) != null;
  }

  /** Forgets every monitor; ids keep increasing. */
  synchronized void clear() {
    monitors.clear();
  }

  private static StoredMonitor stored(
      long id,
      MonitorValidator.Definition definition,
      Instant created,
      Instant modified,
      int revision) {
    ObjectNode options = definition.options().deepCopy();
    // Defaults Datadog fills in and echoes back; a client comparing options must expect them.
    if (!options.has("notify_audit")) {
      options.put("notify_audit", false);
    }
    if (!options.has("include_tags")) {
      options.put("include_tags", true);
    }
    if (!options.has("silenced")) {
      options.putObject("silenced");
    }
    return new StoredMonitor(
        id,
        definition.type(),
        definition.name(),
        definition.query(),
        definition.message(),
        definition.tags(),
        Json.MAPPER.convertValue(options, MAP),
        definition.priority(),
        created,
        modified,
        revision);
  }
}
