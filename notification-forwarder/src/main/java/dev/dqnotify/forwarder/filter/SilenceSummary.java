package dev.dqnotify.forwarder.filter;

import dev.dqnotify.schemas.DqEventType;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a silence held back on this instance, reported once when it ends.
 *
 * @param silence the silence
 * @param events how many events it held back
 * @param byEventType the same, by event type
 * @param byStore the same, by store id ({@code ""} for events without a store), most first
 * @param first the earliest event held back (by event time)
 * @param last the latest event held back (by event time)
 * @param teams the teams of the events held back, so the summary reaches them
 * @param envs the environments of the events held back
 */
public record SilenceSummary(Silence silence, long events, Map<DqEventType, Long> byEventType,
    Map<String, Long> byStore, Sighting first, Sighting last, Set<String> teams, Set<String> envs) {

  /**
   * One event held back.
   *
   * @param time when it happened (event time, or detection time when it has none)
   * @param eventId its id
   * @param summary its one-line summary
   */
  public record Sighting(Instant time, String eventId, String summary) {}

  /** Takes immutable copies. */
  public SilenceSummary {
    byEventType = Map.copyOf(byEventType);
    byStore = Collections.unmodifiableMap(new LinkedHashMap<>(byStore));
    teams = Set.copyOf(teams);
    envs = Set.copyOf(envs);
  }
}
