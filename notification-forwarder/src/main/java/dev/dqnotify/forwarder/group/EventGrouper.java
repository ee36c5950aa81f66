package dev.dqnotify.forwarder.group;

import dev.dqnotify.schemas.DqEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Turns decoded events into {@link Notification}s, grouping them like Alertmanager does. Each event
 * comes with its source (for the pipeline: the record it was read from), which is released with it
 * ({@link Grouped}), so the caller needs no books of its own about what is pending here.
 *
 * <p>PER_EVENT releases every event at once. DIGEST collects events whose {@code group_by} values
 * (and backfill flag) match; a group is released {@code group_wait} after its first event (see
 * {@link #due()}), or at once when it reaches {@code maxEventsPerGroup}. Nothing here runs on its
 * own: the caller asks {@link #untilNextDue()} when to come back. Time comes only from the injected
 * clock. Methods are synchronized so a timer thread may call {@link #due()} while the consumer
 * thread adds.
 *
 * @param <T> the type of an event's source
 */
public final class EventGrouper<T> {

  private final GroupingSettings settings;
  private final List<GroupLabel> labels;
  private final Clock clock;
  // Insertion order is opening order, so released groups come out oldest first.
  private final Map<GroupKey, PendingGroup> pending = new LinkedHashMap<>();
  private int pendingEvents;

  /** A grouper for {@code settings}, reading time from {@code clock}. */
  public EventGrouper(GroupingSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.labels =
        settings.groupBy().stream().map(l -> GroupLabel.byLabel(l).orElseThrow()).toList();
  }

  /**
   * Takes one event and its source; returns the notifications ready now: the event's own one in
   * PER_EVENT mode, its group's one in DIGEST mode when the group has become full, otherwise none.
   */
  public synchronized List<Grouped<T>> add(DqEvent event, T source, boolean backfill) {
    Map<String, String> values = GroupLabel.valuesOf(event, labels);
    if (settings.mode() == GroupingMode.PER_EVENT) {
      return List.of(new Grouped<>(Notification.perEvent(event, values, backfill), List.of(source)));
    }
    GroupKey key = new GroupKey(values, backfill);
    PendingGroup group = pending.computeIfAbsent(key, k -> new PendingGroup(clock.instant()));
    group.events.add(event);
    group.sources.add(source);
    pendingEvents++;
    if (group.events.size() < settings.maxEventsPerGroup()) {
      return List.of();
    }
    pending.remove(key);
    pendingEvents -= group.events.size();
    return List.of(group.release(values, backfill));
  }

  /** Releases the groups whose {@code group_wait} has elapsed since their first event. */
  public synchronized List<Grouped<T>> due() {
    Instant now = clock.instant();
    return release(group -> !now.isBefore(group.dueAt()));
  }

  /** Releases every pending group regardless of its wait, for shutdown or partition revocation. */
  public synchronized List<Grouped<T>> drain() {
    return release(group -> true);
  }

  /** How long until {@link #due()} has something to release; empty when nothing is pending. */
  public synchronized Optional<Duration> untilNextDue() {
    Instant now = clock.instant();
    return pending.values().stream()
        .map(PendingGroup::dueAt)
        .min(Instant::compareTo)
        .map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
  }

  /** Events held in groups that have not been released yet. */
  public synchronized int pendingEvents() {
    return pendingEvents;
  }

  private List<Grouped<T>> release(Predicate<PendingGroup> ready) {
    List<Grouped<T>> released = new ArrayList<>();
    for (Iterator<Map.Entry<GroupKey, PendingGroup>> it = pending.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<GroupKey, PendingGroup> entry = it.next();
      PendingGroup group = entry.getValue();
      if (ready.test(group)) {
        it.remove();
        pendingEvents -= group.events.size();
        GroupKey key = entry.getKey();
        released.add(group.release(key.values(), key.backfill()));
      }
    }
    return released;
  }

  // Backfill is part of the key so that a notification is either all backfill or all live.
  private record GroupKey(Map<String, String> values, boolean backfill) {}

  private final class PendingGroup {
    private final Instant openedAt;
    private final List<DqEvent> events = new ArrayList<>();
    private final List<T> sources = new ArrayList<>();

    private PendingGroup(Instant openedAt) {
      this.openedAt = openedAt;
    }

    private Instant dueAt() {
      return openedAt.plus(settings.groupWait());
    }

    private Grouped<T> release(Map<String, String> values, boolean backfill) {
      return new Grouped<>(Notification.digest(values, events, backfill), sources);
    }
  }
}
