package dev.dqnotify.localstack.sensors;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How many events of each type a simulation must raise. For every type but one the count is the
 * number of faulty messages; for {@link EventType#OUT_OF_RANGE} it is the number of bad readings
 * (the job raises one event per reading), and for {@link EventType#STORE_SILENT} the number of
 * stores that fall silent. Immutable: {@code FaultPlan.none().with(LATE_DATA, 3)}.
 *
 * @param counts events per type; absent types count 0
 */
public record FaultPlan(Map<EventType, Integer> counts) {

  private static final Map<String, EventType> SHORT_NAMES = Map.of(
      "malformed", EventType.MALFORMED_RECORD,
      "insufficient", EventType.INSUFFICIENT_DATA_POINTS,
      "late", EventType.LATE_DATA,
      "duplicate", EventType.DUPLICATE_MESSAGE,
      "out-of-range", EventType.OUT_OF_RANGE,
      "unknown-store", EventType.UNKNOWN_STORE,
      "silent", EventType.STORE_SILENT);

  /** Checks the counts and fills in every type. */
  public FaultPlan {
    EnumMap<EventType, Integer> all = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      int count = counts.getOrDefault(type, 0);
      if (count < 0) {
        throw new IllegalArgumentException("fault count of " + type + " is " + count + "; expected >= 0");
      }
      all.put(type, count);
    }
    counts = Collections.unmodifiableMap(all);
  }

  /** No faults: every message is clean and no store falls silent. */
  public static FaultPlan none() {
    return new FaultPlan(Map.of());
  }

  /** One event of every type. */
  public static FaultPlan everyTypeOnce() {
    return new FaultPlan(Arrays.stream(EventType.values()).collect(Collectors.toMap(t -> t, t -> 1)));
  }

  /**
   * Parses {@code late=3,duplicate=2,…}. Names are {@code malformed}, {@code insufficient},
   * {@code late}, {@code duplicate}, {@code out-of-range}, {@code unknown-store}, {@code silent}, or an
   * event type such as {@code LATE_DATA}; an empty text is {@link #none()}.
   *
   * @throws IllegalArgumentException naming the part that is wrong and what would be valid
   */
  public static FaultPlan parse(String text) {
    FaultPlan plan = none();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String[] nameAndCount = part.split("=", 2);
      EventType type = typeNamed(nameAndCount[0].trim());
      int count;
      try {
        count = nameAndCount.length == 2 ? Integer.parseInt(nameAndCount[1].trim()) : -1;
      } catch (NumberFormatException e) {
        count = -1;
      }
      if (type == null || count < 0) {
        throw new IllegalArgumentException("'" + part.trim() + "' is not name=count with count >= 0 and name one of "
            + String.join(", ", new java.util.TreeSet<>(SHORT_NAMES.keySet())) + " (or an event type)");
      }
      plan = plan.with(type, count);
    }
    return plan;
  }

  private static EventType typeNamed(String name) {
    EventType type = SHORT_NAMES.get(name.toLowerCase(Locale.ROOT));
    if (type != null) {
      return type;
    }
    try {
      return EventType.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** This plan with {@code count} events of {@code type}. */
  public FaultPlan with(EventType type, int count) {
    Map<EventType, Integer> changed = new EnumMap<>(counts);
    changed.put(type, count);
    return new FaultPlan(changed);
  }

  /** How many events of {@code type} the plan asks for. */
  public int count(EventType type) {
    return counts.get(type);
  }

  /** How many events the plan asks for in all. */
  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** {@code late=3,duplicate=2}: the non-zero counts in {@link #parse} form. */
  @Override
  public String toString() {
    Map<EventType, String> shortName = new LinkedHashMap<>();
    SHORT_NAMES.forEach((name, type) -> shortName.put(type, name));
    return counts.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .map(e -> shortName.get(e.getKey()) + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }
}
