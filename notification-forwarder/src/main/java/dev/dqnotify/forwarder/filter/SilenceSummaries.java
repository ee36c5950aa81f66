package dev.dqnotify.forwarder.filter;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each silence held back, and once it has ended (by the injected clock) one
 * {@link SilenceSummary} apiece. Not thread-safe: the consumer thread alone uses it.
 */
public final class SilenceSummaries {

  private final List<Silence> silences;
  private final Clock clock;
  private final Map<String, Tally> tallies = new HashMap<>();
  private final Set<String> ended = new HashSet<>();

  /**
   * @param silences the configured silences
   * @param clock "now"
   */
  public SilenceSummaries(List<Silence> silences, Clock clock) {
    this.silences = List.copyOf(silences);
    this.clock = Objects.requireNonNull(clock, "clock");
    // A silence over before this run began has nothing to report here.
    Instant now = clock.instant();
    this.silences.stream().filter(s -> !now.isBefore(s.end())).forEach(s -> ended.add(s.name()));
  }

  /** Counts {@code event} toward {@code silence}'s summary. */
  public void heldBack(Silence silence, DqEvent event) {
    tallies.computeIfAbsent(silence.name(), n -> new Tally(silence)).add(event);
  }

  /**
   * The silences that ended since the last call (by the clock), each once: a summary for those that
   * held something back here, nothing for those that did not (their names are in the log).
   */
  public List<SilenceSummary> ended() {
    Instant now = clock.instant();
    List<SilenceSummary> summaries = new ArrayList<>();
    for (Silence silence : silences) {
      if (!now.isBefore(silence.end()) && ended.add(silence.name())) {
        Tally tally = tallies.remove(silence.name());
        if (tally != null) {
          summaries.add(tally.summary());
        }
      }
    }
    return summaries;
  }

  /** What one silence held back so far. */
  private static final class Tally {
    private final Silence silence;
    private long events;
    private final Map<DqEventType, Long> byType = new EnumMap<>(DqEventType.class);
    private final Map<String, Long> byStore = new HashMap<>();
    private final Set<String> teams = new TreeSet<>();
    private final Set<String> envs = new TreeSet<>();
    private SilenceSummary.Sighting first;
    private SilenceSummary.Sighting last;

    Tally(Silence silence) {
      this.silence = silence;
    }

    void add(DqEvent event) {
      events++;
      byType.merge(event.getEventType(), 1L, Long::sum);
      byStore.merge(event.getStoreId() == null ? "" : event.getStoreId(), 1L, Long::sum);
      teams.add(event.getTeam());
      envs.add(event.getEnv());
      Instant time = event.getEventTime() != null ? event.getEventTime() : event.getDetectedAt();
      SilenceSummary.Sighting sighting = new SilenceSummary.Sighting(time, event.getEventId(), event.getSummary());
      if (first == null || time.isBefore(first.time())) {
        first = sighting;
      }
      if (last == null || !time.isBefore(last.time())) {
        last = sighting;
      }
    }

    SilenceSummary summary() {
      Map<String, Long> stores = new LinkedHashMap<>();
      byStore.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
          .forEach(e -> stores.put(e.getKey(), e.getValue()));
      return new SilenceSummary(silence, events, byType, stores, first, last, teams, envs);
    }
  }
}
