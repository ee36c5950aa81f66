package dev.dqnotify.faultsuite;

import dev.dqnotify.localstack.sensors.EventType;
import dev.dqnotify.localstack.sensors.FaultPlan;
import dev.dqnotify.localstack.sensors.SimulatedMessage;
import dev.dqnotify.localstack.sensors.SimulationPlan;
import dev.dqnotify.localstack.sensors.StoreFleet;
import dev.dqnotify.localstack.sensors.Thresholds;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Sensor traffic for the scenarios that run the ingest job: a small fleet, the default thresholds
 * (which the job is started with) and a plan in fast mode with a fault of most kinds, whose
 * {@code GroundTruth} names every DqEvent id the job must write. The plan ends now, so every event
 * time is in the recent past, where Datadog accepts it. An instance is one scenario's traffic in two
 * phases, with a fault between them ({@link #firstPhasePartlyDelivered}).
 */
final class SensorTraffic {

  static final StoreFleet FLEET = StoreFleet.generate(3, 2);
  static final Thresholds THRESHOLDS = Thresholds.defaults();
  /** Situations per plan; STORE_SILENT is left out: it needs minutes of event time after the silence. */
  static final FaultPlan FAULTS = new FaultPlan(Map.of(
      EventType.MALFORMED_RECORD, 5,
      EventType.INSUFFICIENT_DATA_POINTS, 10,
      EventType.LATE_DATA, 5,
      EventType.DUPLICATE_MESSAGE, 5,
      EventType.OUT_OF_RANGE, 10,
      EventType.UNKNOWN_STORE, 5));

  private final Scenario scenario;
  private final List<List<SimulatedMessage>> phases;
  private final Set<String> ids = new LinkedHashSet<>();

  private SensorTraffic(Scenario scenario, List<List<SimulatedMessage>> phases) {
    this.scenario = scenario;
    this.phases = phases;
  }

  /**
   * The opening of the scenarios that strike the running pipeline: plans traffic in two phases,
   * starts the job and the forwarder, sends the first phase and returns once a seeded part of its
   * DqEvents reached the simulator — the moment the fault comes. {@link #sendSecondPhase} and
   * {@link #awaitAllDelivered} follow it.
   */
  static SensorTraffic firstPhasePartlyDelivered(Scenario scenario) {
    Random random = new Random(FaultStack.SEED);
    SensorTraffic traffic = new SensorTraffic(scenario, plan(FaultStack.SEED).phases(2));
    scenario.startPipeline();
    Set<String> first = scenario.sendSensors(traffic.phases.get(0)).eventIds();
    traffic.ids.addAll(first);
    scenario.awaitDelivered(first, 1 + random.nextInt(Math.max(1, first.size() / 2)));
    return traffic;
  }

  /** Sends the second phase to the scenario's raw topic. */
  void sendSecondPhase() {
    ids.addAll(scenario.sendSensors(phases.get(1)).eventIds());
  }

  /** Waits until every DqEvent of the phases sent reached the simulator; returns their ids. */
  Set<String> awaitAllDelivered() {
    scenario.awaitAllDelivered(ids);
    return Collections.unmodifiableSet(ids);
  }

  static SimulationPlan plan(long seed) {
    return SimulationPlan.builder(FLEET)
        .endingAt(Instant.now())
        .interval(Duration.ofSeconds(10))
        .ticks(40)
        .thresholds(THRESHOLDS)
        .faults(FAULTS)
        .seed(seed)
        .build();
  }
}
