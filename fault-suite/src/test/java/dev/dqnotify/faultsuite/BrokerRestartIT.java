package dev.dqnotify.faultsuite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.localstack.sensors.GroundTruth;
import dev.dqnotify.localstack.sensors.SimulatedMessage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Kafka broker stopped and started again while the job and the forwarder run. */
@Order(5)
@ExtendWith(FaultStack.Extension.class)
class BrokerRestartIT {

  @Test
  void theJobAndTheForwarderRecoverFromABrokerRestartWithoutBeingRestarted(FaultStack suite) {
    Random random = new Random(FaultStack.SEED);
    List<List<SimulatedMessage>> phases = SensorTraffic.plan(FaultStack.SEED).phases(2);
    try (Scenario scenario = Scenario.open(suite, "kafka-broker-restart")) {
      scenario.startPipeline();
      GroundTruth first = scenario.sendSensors(phases.get(0));
      Set<String> firstIds = first.eventIds();
      scenario.awaitDelivered(firstIds, 1 + random.nextInt(Math.max(1, firstIds.size() / 2)));

      scenario.stack().kafka().stop();
      scenario.stack().kafka().start();

      GroundTruth second = scenario.sendSensors(phases.get(1));
      Set<String> ids = new LinkedHashSet<>(firstIds);
      ids.addAll(second.eventIds());
      scenario.awaitAllDelivered(ids);
      assertThat(scenario.job().isAlive()).as("the ingest job survived the restart").isTrue();
      assertThat(scenario.forwarder().isAlive()).as("the forwarder survived the restart").isTrue();
      // A restart may cost the forwarder its partitions (as a crash would), never more.
      Invariant.assertHolds(scenario.record("Kafka broker stopped (SIGTERM) and started mid-run", ids,
          Scenario.CRASH_BOUND, 0));
    }
  }
}
