package dev.dqnotify.localrun.faults;

import dev.dqnotify.localstack.datadog.DatadogSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Datadog outage of a local run, played on the simulator: halfway through, every request is
 * answered 500 for a while, then a burst of 429s with a rate-limit reset, then Datadog is healthy
 * again. Each step is announced as it happens and kept for the report. The outage shows what the
 * outbox is for: the ingest job never notices, the forwarder backs off, then catches up.
 */
public final class DatadogOutage {

  /** How long the 429 burst may wait for requests before it is called off. */
  private static final Duration BURST_LIMIT = Duration.ofSeconds(20);

  /**
   * When and how long, relative to the start of the sensors.
   *
   * @param start when the 500s begin
   * @param serverErrors how long every request gets 500
   * @param rateLimited how many requests then get 429
   * @param resetSeconds the {@code x-ratelimit-reset} of each 429
   */
  public record Plan(Duration start, Duration serverErrors, int rateLimited, long resetSeconds) {

    /**
     * Halfway through a run of {@code duration}: 500s for 15 % of it (5–20 s), then four 429s that
     * each ask for a 2 s pause (the forwarder honours it, so the burst lasts about 8 s).
     */
    public static Plan halfwayThrough(Duration duration) {
      long seconds = Math.max(5, Math.min(20, Math.round(duration.toSeconds() * 0.15)));
      return new Plan(duration.dividedBy(2), Duration.ofSeconds(seconds), 4, 2);
    }
  }

  /**
   * One step, as it happened.
   *
   * @param at when, relative to the start of the sensors
   * @param kind {@code 500}, {@code 429} or {@code healthy}
   * @param description what the user reads
   */
  public record Step(Duration at, String kind, String description) {}

  private enum Phase { WAITING, SERVER_ERRORS, RATE_LIMITED, HEALTHY }

  private final Plan plan;
  private final DatadogSimulator datadog;
  private final Consumer<String> announce;
  private final Clock clock;
  private final List<Step> steps = new ArrayList<>(); // guarded by this
  private Phase phase = Phase.WAITING; // guarded by this
  private Instant origin; // guarded by this
  private Instant phaseEnds; // guarded by this
  private int status429Before; // guarded by this
  private ScheduledFuture<?> burstWatch; // guarded by this

  /** An outage of {@code plan} on {@code datadog}; each step's description goes to {@code announce}. */
  public DatadogOutage(Plan plan, DatadogSimulator datadog, Consumer<String> announce, Clock clock) {
    this.plan = plan;
    this.datadog = datadog;
    this.announce = announce;
    this.clock = clock;
  }

  /** Schedules the outage on {@code scheduler}, its times counted from {@code origin}. */
  public synchronized void schedule(ScheduledExecutorService scheduler, Instant origin) {
    this.origin = origin;
    long startMs = Duration.between(clock.instant(), origin.plus(plan.start())).toMillis();
    scheduler.schedule(this::serverErrors, Math.max(0, startMs), TimeUnit.MILLISECONDS);
    scheduler.schedule(() -> rateLimit(scheduler), Math.max(0, startMs + plan.serverErrors().toMillis()),
        TimeUnit.MILLISECONDS);
  }

  /** What Datadog does now, for the live view. */
  public synchronized String status() {
    return switch (phase) {
      case WAITING -> "healthy (outage at " + clockText(plan.start()) + ")";
      case SERVER_ERRORS -> "DOWN: answering 500 for " + secondsLeft() + " s more";
      case RATE_LIMITED -> "RATE-LIMITING: 429 to the next " + Math.max(0, plan.rateLimited() - answered429())
          + " requests";
      case HEALTHY -> "healthy again";
    };
  }

  /** The steps that happened so far. */
  public synchronized List<Step> steps() {
    return List.copyOf(steps);
  }

  /** Calls off whatever is still active (the run is ending). */
  public synchronized void end() {
    if (phase == Phase.SERVER_ERRORS || phase == Phase.RATE_LIMITED) {
      datadog.faults().clear();
      healthy("the run ended");
    }
    phase = Phase.HEALTHY;
  }

  private synchronized void serverErrors() {
    if (phase != Phase.WAITING) {
      return;
    }
    datadog.faults().statusFor(500, plan.serverErrors());
    phase = Phase.SERVER_ERRORS;
    phaseEnds = clock.instant().plus(plan.serverErrors());
    step("500", "Datadog is DOWN: every request answered 500 Internal Server Error for "
        + plan.serverErrors().toSeconds() + " s");
  }

  private synchronized void rateLimit(ScheduledExecutorService scheduler) {
    if (phase != Phase.SERVER_ERRORS) {
      return;
    }
    status429Before = datadog.responsesByStatus().getOrDefault(429, 0);
    datadog.faults().clear();
    datadog.faults().rateLimitNext(plan.rateLimited(), plan.resetSeconds());
    phase = Phase.RATE_LIMITED;
    phaseEnds = clock.instant().plus(BURST_LIMIT);
    step("429", "Datadog is RATE-LIMITING: the next " + plan.rateLimited() + " requests answered 429 Too Many "
        + "Requests (x-ratelimit-reset: " + plan.resetSeconds() + " s)");
    burstWatch = scheduler.scheduleWithFixedDelay(this::watchBurst, 250, 250, TimeUnit.MILLISECONDS);
  }

  private synchronized void watchBurst() {
    if (phase != Phase.RATE_LIMITED) {
      burstWatch.cancel(false);
      return;
    }
    if (datadog.faults().describeActive().isEmpty()) {
      healthy("after " + answered429() + " rate-limited requests");
    } else if (!clock.instant().isBefore(phaseEnds)) {
      datadog.faults().clear();
      healthy("the 429 burst was called off after " + BURST_LIMIT.toSeconds() + " s with " + answered429()
          + " requests answered");
    }
  }

  private void healthy(String why) {
    phase = Phase.HEALTHY;
    if (burstWatch != null) {
      burstWatch.cancel(false);
    }
    step("healthy", "Datadog is healthy again (" + why + "); the forwarder catches up");
  }

  private int answered429() {
    return datadog.responsesByStatus().getOrDefault(429, 0) - status429Before;
  }

  private long secondsLeft() {
    return Math.max(0, Duration.between(clock.instant(), phaseEnds).toSeconds() + 1);
  }

  private void step(String kind, String description) {
    Duration at = Duration.between(origin, clock.instant());
    steps.add(new Step(at, kind, description));
    announce.accept("[" + clockText(at) + "] " + description);
  }

  /** {@code mm:ss} of a time since the start of the sensors. */
  public static String clockText(Duration sinceStart) {
    long seconds = Math.max(0, sinceStart.toSeconds());
    return String.format("%02d:%02d", seconds / 60, seconds % 60);
  }

  /** The plan this outage plays. */
  public Plan plan() {
    return plan;
  }

  /** When Datadog became healthy again, relative to the start of the sensors. */
  public synchronized Optional<Duration> recoveredAt() {
    return steps.stream().filter(s -> s.kind().equals("healthy")).map(Step::at).findFirst();
  }
}
