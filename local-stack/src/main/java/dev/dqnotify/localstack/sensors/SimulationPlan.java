package dev.dqnotify.localstack.sensors;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A deterministic simulation: the messages a fleet sends, in send order, with the events each must
 * raise in the ingest job. The same fleet, timing, thresholds, faults and seed give the same bytes.
 *
 * <p>Every sensor sends one message per tick ({@code interval}), at a fixed slot of the tick, so
 * regular messages are in ascending {@code sent_at} and every store is heard from each interval.
 * Faults replace or follow regular messages; see {@link MessageKind} and the package description for
 * exactly what each raises.
 *
 * <pre>{@code
 * SimulationPlan plan = SimulationPlan.builder(StoreFleet.generate(3, 2))
 *     .endingAt(Instant.now()).interval(Duration.ofSeconds(5)).ticks(120)
 *     .thresholds(Thresholds.defaults().withAllowedLateness(Duration.ofSeconds(30))
 *         .withSilenceTimeout(Duration.ofSeconds(60)))
 *     .faults(FaultPlan.everyTypeOnce()).seed(7)
 *     .build();
 * }</pre>
 */
public final class SimulationPlan {

  private final StoreFleet fleet;
  private final Instant start;
  private final Duration interval;
  private final int ticks;
  private final Thresholds thresholds;
  private final FaultPlan faults;
  private final long seed;
  private final List<SimulatedMessage> messages;

  private SimulationPlan(Builder b, Instant start, int ticks) {
    this.fleet = b.fleet;
    this.start = start;
    this.interval = b.interval;
    this.ticks = ticks;
    this.thresholds = b.thresholds;
    this.faults = b.faults;
    this.seed = b.seed;
    this.messages = List.copyOf(
        new PlanGenerator(fleet, start, interval, ticks, thresholds, faults, seed).generate());
  }

  /** A plan for {@code fleet}; defaults: 60 s interval, 60 ticks, contract thresholds, no faults, seed 1. */
  public static Builder builder(StoreFleet fleet) {
    return new Builder(fleet);
  }

  /** The fleet; its {@link StoreFleet#csv()} is the store metadata the job must load. */
  public StoreFleet fleet() {
    return fleet;
  }

  /** The {@code sent_at} of the first message. */
  public Instant start() {
    return start;
  }

  /** The event time at which the last message is sent. */
  public Instant end() {
    return messages.get(messages.size() - 1).emittedAt();
  }

  /** How often each sensor sends. */
  public Duration interval() {
    return interval;
  }

  /** How many times each sensor sends (silent stores stop earlier). */
  public int ticks() {
    return ticks;
  }

  /** The thresholds the ground truth assumes; configure the job with {@link Thresholds#ingestJobSettings()}. */
  public Thresholds thresholds() {
    return thresholds;
  }

  /** The faults. */
  public FaultPlan faults() {
    return faults;
  }

  /** The seed. */
  public long seed() {
    return seed;
  }

  /** Every message, in send order. */
  public List<SimulatedMessage> messages() {
    return messages;
  }

  /**
   * The messages cut into {@code count} consecutive phases of (almost) equal size, to send one after
   * the other while the job processes each — its watermarks move between batches.
   */
  public List<List<SimulatedMessage>> phases(int count) {
    if (count < 1 || count > messages.size()) {
      throw new IllegalArgumentException("phases is " + count + "; expected 1.." + messages.size());
    }
    List<List<SimulatedMessage>> phases = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      phases.add(messages.subList(
          (int) ((long) messages.size() * i / count), (int) ((long) messages.size() * (i + 1) / count)));
    }
    return phases;
  }

  /** Every expected event, in the order of the messages that raise them; without Kafka positions. */
  public List<ExpectedEvent> expected() {
    return messages.stream().flatMap(m -> m.expected().stream()).toList();
  }

  /** Expected events per type (every type present); equal to the fault plan's counts. */
  public Map<EventType, Long> expectedCounts() {
    Map<EventType, Long> counts = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      counts.put(type, (long) faults.count(type));
    }
    return counts;
  }

  /** Builds a {@link SimulationPlan}; {@link #build()} checks that the faults fit the timing. */
  public static final class Builder {
    private final StoreFleet fleet;
    private Instant start;
    private Instant end;
    private Duration interval = Duration.ofSeconds(60);
    private int ticks = 60;
    private Duration duration;
    private Thresholds thresholds = Thresholds.defaults();
    private FaultPlan faults = FaultPlan.none();
    private long seed = 1;

    private Builder(StoreFleet fleet) {
      this.fleet = Objects.requireNonNull(fleet, "fleet");
    }

    /** The {@code sent_at} of the first message (truncated to milliseconds, as {@code sent_at} is written). */
    public Builder start(Instant start) {
      this.start = start;
      this.end = null;
      return this;
    }

    /**
     * Starts {@code ticks × interval} before {@code end}: a fast run ending now keeps every event
     * time in the past, where Datadog accepts it (up to 18 h).
     */
    public Builder endingAt(Instant end) {
      this.end = end;
      this.start = null;
      return this;
    }

    /** How often each sensor sends; at most half the silence timeout. */
    public Builder interval(Duration interval) {
      this.interval = interval;
      return this;
    }

    /** How many times each sensor sends. */
    public Builder ticks(int ticks) {
      this.ticks = ticks;
      this.duration = null;
      return this;
    }

    /** As many ticks as fit into {@code duration} of event time (at least one). */
    public Builder duration(Duration duration) {
      this.duration = Objects.requireNonNull(duration, "duration");
      return this;
    }

    /**
     * A live run for the local stack: event time starts at {@code now}, and the fleet sends
     * {@code messagesPerSecond} regular messages (each sensor once per {@code sensors / rate}
     * seconds) for {@code duration}. Send it with {@link SensorSimulator.Pacer#realTime} so that
     * event time stays with the wall clock.
     */
    public Builder live(Instant now, double messagesPerSecond, Duration duration) {
      if (!(messagesPerSecond > 0)) {
        throw new IllegalArgumentException("rate is " + messagesPerSecond + " messages/s; expected > 0");
      }
      start(now);
      interval(Duration.ofMillis(Math.max(1, Math.round(fleet.sensors().size() * 1000 / messagesPerSecond))));
      return duration(duration);
    }

    /** The thresholds the job runs with. */
    public Builder thresholds(Thresholds thresholds) {
      this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
      return this;
    }

    /** The faults to inject. */
    public Builder faults(FaultPlan faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /** The seed of every random choice (values, where faults go, which stores fall silent). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Lays out the plan.
     *
     * @throws IllegalArgumentException when no start is set, or the faults do not fit (too few ticks
     *     for a silence, an interval too close to the silence timeout, too few messages for the faults)
     */
    public SimulationPlan build() {
      Objects.requireNonNull(interval, "interval");
      if (interval.toMillis() < 1) {
        throw new IllegalArgumentException("interval is " + interval + "; expected at least 1 ms");
      }
      int ticks = duration == null ? this.ticks : (int) Math.max(1, duration.toMillis() / interval.toMillis());
      Instant first = start != null ? start : end != null ? end.minus(interval.multipliedBy(ticks)) : null;
      if (first == null) {
        throw new IllegalArgumentException("set start(…), endingAt(…) or live(…)");
      }
      return new SimulationPlan(this, first.truncatedTo(ChronoUnit.MILLIS), ticks);
    }
  }
}
