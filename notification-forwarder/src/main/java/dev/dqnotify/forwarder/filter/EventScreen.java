package dev.dqnotify.forwarder.filter;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import java.util.Objects;
import java.util.Set;

/**
 * The first filter, before dedupe: the event must be in the run's {@link Selection} (a replay's
 * {@code --event-type}/{@code --store}; everything for the live forwarder) and at least
 * {@code forward.min-severity}.
 */
public final class EventScreen {

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

  /**
   * @param minSeverity events below it are not notified
   * @param selection the events this run is about
   */
  public EventScreen(Severity minSeverity, Selection selection) {
    this.minSeverity = Objects.requireNonNull(minSeverity, "minSeverity");
    this.selection = Objects.requireNonNull(selection, "selection");
  }

  /** Whether {@code event} goes on to dedupe, and if not why. */
  public Verdict screen(DqEvent event) {
    if (!selection.includes(event)) {
      return Verdict.NOT_SELECTED;
    }
    return event.getSeverity().compareTo(minSeverity) < 0 ? Verdict.BELOW_MIN_SEVERITY : Verdict.PASS;
  }
}
