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
 * Turns decoded events into {@link Notification}s, grouping them like Alertmanager does.
 *
 * <p>PER_EVENT releases every event at once. DIGEST collects events whose {@code group_by} values
 * (and backfill flag) match; a group is released {@code group_wait} after its first event (see
 * {@link #due()}), or at once when it reaches {@code maxEventsPerGroup}. Nothing here runs on its
 * own: the caller asks {@link #untilNextDue()} when to come back. Time comes only from the injected
 * clock. Methods are synchronized so a timer thread may call {@link #due()} while the consumer
 * thread adds.
 */
public final class EventGrouper {

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
   * Takes one event; returns the notifications ready now: the event's own one in PER_EVENT mode,
   * its group's one in DIGEST mode when the group has become full, otherwise none.
   */
  public synchronized List<Notification> add(DqEvent event, boolean backfill) {
    Map<String, String> values = GroupLabel.valuesOf(event, labels);
    if (settings.mode() == GroupingMode.PER_EVENT) {
      return List.of(Notification.perEvent(event, values, backfill));
    }
    GroupKey key = new GroupKey(values, backfill);
    PendingGroup group = pending.computeIfAbsent(key, k -> new PendingGroup(clock.instant()));
    group.events.add(event);
    pendingEvents++;
    if (group.events.size() < settings.maxEventsPerGroup()) {
      return List.of();
    }
    pending.remove(key);
    pendingEvents -= group.events.size();
    return List.of(Notification.digest(values, group.events, backfill));
  }

  /** Releases the groups whose {@code group_wait} has elapsed since their first event. */
  public synchronized List<Notification> due() {
    Instant now = clock.instant();
    return release(group -> !now.isBefore(group.dueAt()));
  }

  /** Releases every pending group regardless of its wait, for shutdown or partition revocation. */
  public synchronized List<Notification> drain() {
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

  private List<Notification> release(Predicate<PendingGroup> ready) {
    List<Notification> released = new ArrayList<>();
    for (Iterator<Map.Entry<GroupKey, PendingGroup>> it = pending.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<GroupKey, PendingGroup> entry = it.next();
      PendingGroup group = entry.getValue();
      if (ready.test(group)) {
        it.remove();
        pendingEvents -= group.events.size();
        GroupKey key = entry.getKey();
        released.add(Notification.digest(key.values(), group.events, key.backfill()));
      }
    }
    return released;
  }

  // Backfill is part of the key so that a notification is either all backfill or all live.
  private record GroupKey(Map<String, String> values, boolean backfill) {}

  private final class PendingGroup {
    private final Instant openedAt;
    private final List<DqEvent> events = new ArrayList<>();

    private PendingGroup(Instant openedAt) {
      this.openedAt = openedAt;
    }

    private Instant dueAt() {
      return openedAt.plus(settings.groupWait());
    }
  }
}
