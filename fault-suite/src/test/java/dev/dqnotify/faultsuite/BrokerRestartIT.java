package dev.dqnotify.faultsuite;

import static org.assertj.core.api.Assertions.assertThat;

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
    try (Scenario scenario = Scenario.open(suite, "kafka-broker-restart")) {
      SensorTraffic traffic = SensorTraffic.firstPhasePartlyDelivered(scenario);

      scenario.stack().kafka().stop();
      scenario.stack().kafka().start();

      traffic.sendSecondPhase();
      Set<String> ids = traffic.awaitAllDelivered();
      assertThat(scenario.job().isAlive()).as("the ingest job survived the restart").isTrue();
      assertThat(scenario.forwarder().isAlive()).as("the forwarder survived the restart").isTrue();
      // A restart may cost the forwarder its partitions (as a crash would), never more.
      Invariant.assertHolds(scenario.record("Kafka broker stopped (SIGTERM) and started mid-run", ids,
          Scenario.CRASH_BOUND, 0));
    }
  }
}
