package dev.dqnotify.localstack.datadog;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Evaluates the {@code event-v2 alert} monitors on the accepted events, as Datadog does at its
 * evaluation frequency (Monitors → Configuration → Evaluation frequency: every minute for windows
 * below 24 h), and sends the notifications their state changes call for. Thread-safe: one lock covers the group states and the notifications.
 *
 * <p>At time {@code now}, an event counts for a monitor when its search matches and its {@code
 * date_happened} (its time of receipt when it had none) lies in {@code (now - window, now]}:
 * Datadog back-dates an event to its time of occurrence, which can place it outside the window
 * (Monitors → Types → Event monitor). The events are grouped by the values of the {@code .by(…)}
 * facets (an event with several values of a facet is in each group; one without a value is in
 * the group {@code N/A}), rolled up ({@code count}; {@code cardinality} of the measure's distinct
 * values; {@code avg} of its numeric values, no value when there is none, which leaves the group's
 * state as it was) and compared with the threshold. A group is evaluated while it has events in
 * the window or is in ALERT; a group in ALERT without events evaluates to 0.
 *
 * <p>OK → ALERT sends {@link Notification.Transition#ALERT}; ALERT → OK sends {@link
 * Notification.Transition#RECOVERY}; a group still in ALERT sends {@link
 * Notification.Transition#RENOTIFY} once {@code options.renotify_interval} minutes have passed
 * since it last notified. Each sends one notification per handle found in the message as rendered
 * for it, so a handle inside {@code {{#is_alert}}} hears of no recovery.
 */
final class MonitorEvaluator {

  /** The group of a simple alert, which has no {@code .by(…)}. */
  static final String SIMPLE_ALERT_GROUP = "*";

  /** The value of a facet an event does not have. */
  static final String NO_VALUE = "N/A";

  /** How often the scheduler looks: the shortest evaluation frequency. */
  static final Duration FREQUENCY = Duration.ofMinutes(1);

  private final MonitorStore monitors;
  private final Supplier<List<ReceivedEvent>> events;
  private final Clock clock;

  private final Map<Long, Map<String, GroupState>> states = new HashMap<>();
  private final List<Notification> notifications = new ArrayList<>();
  private final Map<Long, Set<Long>> monitorsOfEvent = new HashMap<>();
  private final Map<Long, Instant> nextDueOfMonitor = new HashMap<>();
  private long nextNotificationId = 1; // never reset, so ids stay unique across clear()
  private Instant nextDue;

  MonitorEvaluator(MonitorStore monitors, Supplier<List<ReceivedEvent>> events, Clock clock) {
    this.monitors = monitors;
    this.events = events;
    this.clock = clock;
    this.nextDue = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(FREQUENCY);
  }

  /** A group's state between evaluations. */
  private static final class GroupState {
    boolean alert;
    Instant firstTriggered;
    Instant lastTriggered;
    Instant lastNotified;
    BigDecimal value;
  }

  /**
   * Datadog's evaluation frequency for a window (Monitors → Configuration → Evaluation frequency):
   * every minute below 24 h, every 10 minutes from 24 h, every 30 minutes from 48 h.
   */
  static Duration frequency(Duration window) {
    if (window.compareTo(Duration.ofHours(48)) >= 0) {
      return Duration.ofMinutes(30);
    }
    if (window.compareTo(Duration.ofHours(24)) >= 0) {
      return Duration.ofMinutes(10);
    }
    return FREQUENCY;
  }

  /**
   * Evaluates the monitors that are due once the simulator's clock has reached the next whole
   * minute since the last scheduled evaluation; called often by the simulator's scheduler. A
   * monitor is due when its clock time is past the next multiple of its {@link #frequency} after
   * its last scheduled evaluation.
   *
   * @return the notifications sent, empty when none or when it was not yet due
   */
  synchronized List<Notification> evaluateIfDue() {
    Instant now = clock.instant();
    if (now.isBefore(nextDue)) {
      return List.of();
    }
    nextDue = now.truncatedTo(ChronoUnit.MINUTES).plus(FREQUENCY);
    return evaluate(now, true);
  }

  /**
   * Evaluates every event monitor now, by the simulator's clock, whatever its frequency; answers
   * what it sent.
   */
  synchronized List<Notification> evaluateNow() {
    return evaluate(clock.instant(), false);
  }

  private List<Notification> evaluate(Instant now, boolean onlyDue) {
    List<SearchableEvent> all = events.get().stream().map(SearchableEvent::of).toList();
    List<StoredMonitor> current = monitors.all();
    Set<Long> ids = new HashSet<>();
    List<Notification> sent = new ArrayList<>();
    for (StoredMonitor monitor : current) {
      ids.add(monitor.id());
      if (!monitor.type().equals(MonitorValidator.EVENT_V2)) {
        continue;
      }
      // Stored monitors passed the validator, so the query parses.
      EventMonitorQuery query = EventMonitorQuery.parse(monitor.query());
      if (onlyDue) {
        Instant due = nextDueOfMonitor.get(monitor.id());
        if (due != null && now.isBefore(due)) {
          continue;
        }
        long step = frequency(query.window()).toSeconds();
        nextDueOfMonitor.put(
            monitor.id(), Instant.ofEpochSecond((now.getEpochSecond() / step + 1) * step));
      }
      sent.addAll(evaluate(monitor, query, all, now));
    }
    states.keySet().retainAll(ids);
    nextDueOfMonitor.keySet().retainAll(ids);
    notifications.addAll(sent);
    return List.copyOf(sent);
  }

  private List<Notification> evaluate(
      StoredMonitor monitor, EventMonitorQuery query, List<SearchableEvent> all, Instant now) {
    // Stored monitors passed the validator, so the message parses.
    MessageTemplate template = MessageTemplate.parse(monitor.message());
    Instant from = now.minus(query.window());
    Map<String, Map<String, String>> facetsOfGroup = new LinkedHashMap<>();
    Map<String, List<SearchableEvent>> eventsOfGroup = new LinkedHashMap<>();
    if (query.groupBy().isEmpty()) {
      facetsOfGroup.put(SIMPLE_ALERT_GROUP, Map.of());
      eventsOfGroup.put(SIMPLE_ALERT_GROUP, new ArrayList<>());
    }
    for (SearchableEvent event : all) {
      if (!event.happened().isAfter(from) || event.happened().isAfter(now)) {
        continue;
      }
      if (!query.matcher().matches(event)) {
        continue;
      }
      monitorsOfEvent.computeIfAbsent(event.id(), id -> new TreeSet<>()).add(monitor.id());
      for (Map<String, String> group : groups(query.groupBy(), event)) {
        String name = groupName(group);
        facetsOfGroup.putIfAbsent(name, group);
        eventsOfGroup.computeIfAbsent(name, g -> new ArrayList<>()).add(event);
      }
    }
    Map<String, GroupState> groupStates = states.computeIfAbsent(monitor.id(), id -> new TreeMap<>());
    groupStates.forEach(
        (name, state) -> {
          if (state.alert && !eventsOfGroup.containsKey(name)) {
            eventsOfGroup.put(name, new ArrayList<>());
          }
        });
    List<Notification> sent = new ArrayList<>();
    eventsOfGroup.forEach(
        (name, groupEvents) -> {
          Optional<BigDecimal> value = rollup(query, groupEvents);
          if (value.isEmpty()) {
            return;
          }
          GroupState state = groupStates.computeIfAbsent(name, g -> new GroupState());
          state.value = value.get();
          Notification.Transition transition = transition(state, query, monitor, now);
          if (transition == null) {
            return;
          }
          SearchableEvent latest =
              groupEvents.stream()
                  .max(
                      Comparator.comparing(SearchableEvent::happened)
                          .thenComparingLong(SearchableEvent::id))
                  .orElse(null);
          Map<String, String> facets =
              facetsOfGroup.getOrDefault(name, parseGroupName(name, query.groupBy()));
          MessageTemplate.Context context =
              new MessageTemplate.Context(
                  transition,
                  monitor.priority(),
                  latest,
                  facets,
                  state.value,
                  query,
                  state.firstTriggered,
                  state.lastTriggered,
                  now);
          String message = template.render(context);
          for (String handle : MessageTemplate.handles(message)) {
            sent.add(
                new Notification(
                    nextNotificationId++,
                    monitor.id(),
                    monitor.name(),
                    name,
                    transition,
                    handle,
                    message,
                    latest == null ? null : latest.id(),
                    state.value,
                    now));
          }
        });
    return sent;
  }

  /** Moves the group's state; the transition to notify of, or null. */
  private static Notification.Transition transition(
      GroupState state, EventMonitorQuery query, StoredMonitor monitor, Instant now) {
    boolean breached = query.breaches(state.value);
    if (breached && !state.alert) {
      state.alert = true;
      state.firstTriggered = now;
      state.lastTriggered = now;
      state.lastNotified = now;
      return Notification.Transition.ALERT;
    }
    if (!breached && state.alert) {
      state.alert = false;
      return Notification.Transition.RECOVERY;
    }
    Duration renotify = renotifyInterval(monitor);
    if (breached && renotify != null && !now.isBefore(state.lastNotified.plus(renotify))) {
      state.lastNotified = now;
      state.lastTriggered = now;
      return Notification.Transition.RENOTIFY;
    }
    return null;
  }

  /** {@code options.renotify_interval} in minutes; null when absent, null or 0. */
  private static Duration renotifyInterval(StoredMonitor monitor) {
    Object minutes = monitor.options().get("renotify_interval");
    if (minutes instanceof Number n && n.longValue() > 0) {
      return Duration.ofMinutes(n.longValue());
    }
    return null;
  }

  private static Optional<BigDecimal> rollup(EventMonitorQuery query, List<SearchableEvent> events) {
    return switch (query.aggregation()) {
      case "count" -> Optional.of(BigDecimal.valueOf(events.size()));
      case "cardinality" ->
          Optional.of(
              BigDecimal.valueOf(
                  events.stream()
                      .flatMap(e -> e.facetValues(facet(query.measure())).stream())
                      .distinct()
                      .count()));
      case "avg" -> {
        List<BigDecimal> numbers = new ArrayList<>();
        for (SearchableEvent event : events) {
          for (String v : event.facetValues(facet(query.measure()))) {
            try {
              numbers.add(new BigDecimal(v));
            } catch (NumberFormatException e) {
              // not a number: Datadog's avg ignores it too
            }
          }
        }
        yield numbers.isEmpty()
            ? Optional.empty()
            : Optional.of(
                numbers.stream()
                    .reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(BigDecimal.valueOf(numbers.size()), MathContext.DECIMAL64));
      }
      default -> throw new IllegalStateException("aggregation " + query.aggregation());
    };
  }

  /** The groups an event belongs to: one per combination of its facet values. */
  private static List<Map<String, String>> groups(List<String> facets, SearchableEvent event) {
    List<Map<String, String>> groups = new ArrayList<>();
    groups.add(new LinkedHashMap<>());
    for (String facet : facets) {
      List<String> values = event.facetValues(facet(facet));
      if (values.isEmpty()) {
        values = List.of(NO_VALUE);
      }
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> group : groups) {
        for (String value : new TreeSet<>(values)) {
          Map<String, String> extended = new LinkedHashMap<>(group);
          extended.put(facet, value);
          next.add(extended);
        }
      }
      groups = next;
    }
    return groups;
  }

  /** Tag keys are lower case, as Datadog lower-cases tags; attributes keep their case. */
  private static String facet(String facet) {
    return facet.startsWith("@") ? facet : facet.toLowerCase(Locale.ROOT);
  }

  private static String groupName(Map<String, String> group) {
    if (group.isEmpty()) {
      return SIMPLE_ALERT_GROUP;
    }
    List<String> parts = new ArrayList<>();
    group.forEach((facet, value) -> parts.add(facet + ":" + value));
    return String.join(",", parts);
  }

  /** The facet values of a group known only by name (one in ALERT that has no events now). */
  private static Map<String, String> parseGroupName(String name, List<String> facets) {
    Map<String, String> group = new LinkedHashMap<>();
    if (name.equals(SIMPLE_ALERT_GROUP)) {
      return group;
    }
    String rest = name;
    for (int i = 0; i < facets.size(); i++) {
      String prefix = facets.get(i) + ":";
      if (!rest.startsWith(prefix)) {
        break;
      }
      rest = rest.substring(prefix.length());
      int end = i + 1 < facets.size() ? rest.indexOf("," + facets.get(i + 1) + ":") : -1;
      group.put(facets.get(i), end < 0 ? rest : rest.substring(0, end));
      rest = end < 0 ? "" : rest.substring(end + 1);
    }
    return group;
  }

  /** Every notification sent since start or {@link #clear()}, oldest first. */
  synchronized List<Notification> notifications() {
    return List.copyOf(notifications);
  }

  /** The ids of the monitors whose search and window an event was counted in, ascending. */
  synchronized Set<Long> monitorsMatching(long eventId) {
    return Set.copyOf(monitorsOfEvent.getOrDefault(eventId, Set.of()));
  }

  /** The groups of a monitor in ALERT now, by name, in name order. */
  synchronized List<String> alertingGroups(long monitorId) {
    return states.getOrDefault(monitorId, Map.of()).entrySet().stream()
        .filter(e -> e.getValue().alert)
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * {@code Alert} while a group is in ALERT, {@code OK} once evaluated, {@code No Data} before:
   * the monitor's {@code overall_state}.
   */
  synchronized String overallState(long monitorId) {
    Map<String, GroupState> groups = states.get(monitorId);
    if (groups == null) {
      return "No Data";
    }
    return groups.values().stream().anyMatch(g -> g.alert) ? "Alert" : "OK";
  }

  /** Forgets notifications only; group states stay, so nothing is sent again. */
  synchronized int clearNotifications() {
    int cleared = notifications.size();
    notifications.clear();
    return cleared;
  }

  /** Forgets notifications, group states and which events matched; ids keep increasing. */
  synchronized void clear() {
    notifications.clear();
    states.clear();
    nextDueOfMonitor.clear();
    monitorsOfEvent.clear();
  }
}
