package dev.dqnotify.faultsuite;

import dev.dqnotify.localstack.sensors.EventType;
import dev.dqnotify.localstack.sensors.FaultPlan;
import dev.dqnotify.localstack.sensors.SimulationPlan;
import dev.dqnotify.localstack.sensors.StoreFleet;
import dev.dqnotify.localstack.sensors.Thresholds;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Sensor traffic for the scenarios that run the ingest job: a small fleet, the default thresholds
 * (which the job is started with) and a plan in fast mode with a fault of most kinds, whose
 * {@code GroundTruth} names every DqEvent id the job must write. The plan ends now, so every event
 * time is in the recent past, where Datadog accepts it.
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

  private SensorTraffic() {}

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
