package dev.dqnotify.forwarder.filter;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The filter stage: which decoded events go on to be notified.
 *
 * <ul>
 *   <li>{@link #screen(DqEvent)}, before dedupe: the event must be in the {@link Selection} (a
 *       replay's {@code --event-type}/{@code --store}; everything for the live forwarder) and at
 *       least {@code forward.min-severity}.
 *   <li>{@link #silence(DqEvent)}, after dedupe: is the event held back by a {@link Silence} active
 *       now (by the injected clock)? After dedupe, so each event is counted once and a silenced
 *       event counts as handled: a repeat of it after the silence ended is a repeat, not news —
 *       which is also what the dedupe state rebuilt from the outbox says after a restart.
 *   <li>{@link #endedSilences()}: silences that have ended since the last call, each with what it
 *       held back, for one summary notification apiece.
 * </ul>
 *
 * <p>Not thread-safe: the consumer thread alone uses it.
 */
public final class EventFilter {

  /** What {@link #screen(DqEvent)} decided. */
  public enum Verdict {
    /** On to dedupe. */
    PASS,
    /** Not in the selection (a replay's {@code --event-type}/{@code --store}). */
    NOT_SELECTED,
    /** Below {@code forward.min-severity}. */
    BELOW_MIN_SEVERITY
  }

  /**
   * Which events a run is about.
   *
   * @param eventTypes only these types; empty: every type
   * @param stores only these store ids; empty: every store
   */
  public record Selection(Set<DqEventType> eventTypes, Set<String> stores) {

    /** Takes immutable copies. */
    public Selection {
      eventTypes = Set.copyOf(eventTypes);
      stores = Set.copyOf(stores);
    }

    /** Every event. */
    public static Selection all() {
      return new Selection(Set.of(), Set.of());
    }

    /** Whether {@code event} is selected. */
    public boolean includes(DqEvent event) {
      return (eventTypes.isEmpty() || eventTypes.contains(event.getEventType()))
          && (stores.isEmpty() || stores.contains(event.getStoreId()));
    }
  }

  private final Severity minSeverity;
  private final Selection selection;
  private final List<Silence> silences;
  private final Clock clock;
  private final Map<String, Tally> tallies = new HashMap<>();
  private final Set<String> ended = new HashSet<>();

  /**
   * @param minSeverity events below it are not notified
   * @param selection the events this run is about
   * @param silences the configured silences
   * @param clock "now" for silences
   */
  public EventFilter(Severity minSeverity, Selection selection, List<Silence> silences, Clock clock) {
    this.minSeverity = Objects.requireNonNull(minSeverity, "minSeverity");
    this.selection = Objects.requireNonNull(selection, "selection");
    this.silences = List.copyOf(silences);
    this.clock = Objects.requireNonNull(clock, "clock");
    // A silence over before this run began has nothing to report here.
    Instant now = clock.instant();
    this.silences.stream().filter(s -> !now.isBefore(s.end())).forEach(s -> ended.add(s.name()));
  }

  /** The first checks, before dedupe. */
  public Verdict screen(DqEvent event) {
    if (!selection.includes(event)) {
      return Verdict.NOT_SELECTED;
    }
    return event.getSeverity().compareTo(minSeverity) < 0 ? Verdict.BELOW_MIN_SEVERITY : Verdict.PASS;
  }

  /**
   * The silence that holds {@code event} back now, if any (the first by name); the event is counted
   * toward that silence's summary.
   */
  public Optional<Silence> silence(DqEvent event) {
    Instant now = clock.instant();
    for (Silence silence : silences) {
      if (silence.silences(event, now)) {
        tallies.computeIfAbsent(silence.name(), n -> new Tally(silence)).add(event);
        return Optional.of(silence);
      }
    }
    return Optional.empty();
  }

  /** Whether some configured silence held back {@code event} at {@code time}; for reconstructing past decisions. */
  public static boolean silencedAt(List<Silence> silences, DqEvent event, Instant time) {
    return silences.stream().anyMatch(s -> s.silences(event, time));
  }

  /**
   * The silences that ended since the last call (by the clock), each once: a summary for those that
   * held something back here, nothing for those that did not (their names are in the log).
   */
  public List<SilenceSummary> endedSilences() {
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

  /** The names of the silences active now. */
  public List<String> activeSilences() {
    Instant now = clock.instant();
    return silences.stream().filter(s -> s.activeAt(now)).map(Silence::name).toList();
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
