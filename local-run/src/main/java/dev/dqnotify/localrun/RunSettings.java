package dev.dqnotify.localrun;

import dev.dqnotify.localrun.faults.DatadogOutage;
import dev.dqnotify.localstack.sensors.EventType;
import dev.dqnotify.localstack.sensors.FaultPlan;
import dev.dqnotify.localstack.sensors.Thresholds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one local run does, from the command line, and what follows from it: the thresholds the
 * job runs with and the sensors assume, the fault plan, the outage.
 *
 * @param duration how long the sensors send (the run takes about a minute more: start-up and drain)
 * @param rate regular sensor messages per second
 * @param workDir where everything of the run goes (wiped at the start of the next run)
 * @param repoDir the repository root, where the build output is
 * @param seed the simulation's seed; empty for a random one
 * @param faults the situations to inject; empty for {@link #defaultFaults(Duration)}
 * @param groupMode the forwarder's {@code group.mode}: {@code per-event} or {@code digest}
 * @param plain print lines instead of redrawing a block, even on a terminal
 */
public record RunSettings(Duration duration, double rate, Path workDir, Path repoDir, Optional<Long> seed,
    Optional<FaultPlan> faults, String groupMode, boolean plain) {

  /** The shortest run in which a store can fall silent and be noticed. */
  public static final Duration MIN_DURATION = Duration.ofSeconds(20);
  /** Stores of the simulated fleet. */
  static final int STORES = 5;
  /** Sensors per store. */
  static final int SENSORS_PER_STORE = 3;

  // Situations injected per minute; a run scales them (at least one of each). Enough that the outage
  // has events to hold back and a digest of the run needs more than one 4000-character page.
  private static final Map<EventType, Integer> FAULTS_PER_MINUTE = new EnumMap<>(Map.of(
      EventType.MALFORMED_RECORD, 7, EventType.LATE_DATA, 4, EventType.DUPLICATE_MESSAGE, 3,
      EventType.INSUFFICIENT_DATA_POINTS, 3, EventType.OUT_OF_RANGE, 4, EventType.UNKNOWN_STORE, 2));

  /** Checks the values; a mistake names the option and what is valid. */
  public RunSettings {
    if (duration.compareTo(MIN_DURATION) < 0) {
      throw new IllegalArgumentException("--duration " + duration.toSeconds() + "s is too short; at least "
          + MIN_DURATION.toSeconds() + "s, so that a silent store can be noticed");
    }
    if (!(rate > 0) || rate > 1000) {
      throw new IllegalArgumentException("--rate " + rate + " is out of range; expected more than 0 and at most 1000 "
          + "messages/s");
    }
    if (!groupMode.equals("per-event") && !groupMode.equals("digest")) {
      throw new IllegalArgumentException("--group-mode '" + groupMode + "' is not per-event or digest");
    }
  }

  /**
   * The thresholds, shrunk so that every situation shows within the run: lateness a quarter of the
   * duration (5–30 s), silence twice the lateness. Job and sensors use the same.
   */
  public Thresholds thresholds() {
    long lateness = Math.max(5, Math.min(30, Math.round(duration.toSeconds() / 4.0)));
    return Thresholds.defaults()
        .withAllowedLateness(Duration.ofSeconds(lateness))
        .withSilenceTimeout(Duration.ofSeconds(2 * lateness));
  }

  /** The fault plan: the one given, else {@link #defaultFaults(Duration)}. */
  public FaultPlan faultPlan() {
    return faults.orElseGet(() -> defaultFaults(duration));
  }

  /** Every situation type at least once, about 24 a minute, one silent store. */
  public static FaultPlan defaultFaults(Duration duration) {
    FaultPlan plan = FaultPlan.none().with(EventType.STORE_SILENT, 1);
    double scale = duration.toMillis() / 60_000.0;
    for (Map.Entry<EventType, Integer> base : FAULTS_PER_MINUTE.entrySet()) {
      plan = plan.with(base.getKey(), (int) Math.max(1, Math.round(base.getValue() * scale)));
    }
    return plan;
  }

  /** The Datadog outage: halfway through the sensors' run. */
  public DatadogOutage.Plan outage() {
    return DatadogOutage.Plan.halfwayThrough(duration);
  }
}
