package dev.dqnotify.forwarder.filter;

import dev.dqnotify.schemas.DqEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The second filter, after dedupe: is an event held back by a {@link Silence} active now (by the
 * injected clock)? After dedupe, so each event is counted once and a silenced event counts as
 * handled: a repeat of it after the silence ended is a repeat, not news — which is also what the
 * dedupe state rebuilt from the outbox says after a restart. What a silence held back is summarised
 * by {@link SilenceSummaries}.
 */
public final class Silences {

  private final List<Silence> silences;
  private final Clock clock;

  /**
   * @param silences the configured silences
   * @param clock "now"
   */
  public Silences(List<Silence> silences, Clock clock) {
    this.silences = List.copyOf(silences);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The silence that holds {@code event} back now, if any (the first by name). */
  public Optional<Silence> holding(DqEvent event) {
    Instant now = clock.instant();
    return silences.stream().filter(silence -> silence.silences(event, now)).findFirst();
  }

  /** The names of the silences active now. */
  public List<String> active() {
    Instant now = clock.instant();
    return silences.stream().filter(s -> s.activeAt(now)).map(Silence::name).toList();
  }

  /** Whether some of {@code silences} held back {@code event} at {@code time}; for reconstructing past decisions. */
  public static boolean silencedAt(List<Silence> silences, DqEvent event, Instant time) {
    return silences.stream().anyMatch(s -> s.silences(event, time));
  }
}
