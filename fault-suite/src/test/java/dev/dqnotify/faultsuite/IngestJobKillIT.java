package dev.dqnotify.faultsuite;

import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ingest job SIGKILLed mid-run and restarted from its checkpoint. */
@Order(6)
@ExtendWith(FaultStack.Extension.class)
class IngestJobKillIT {

  @Test
  void aJobKilledAndRestartedFromItsCheckpointLosesNothingAndNotifiesNothingTwice(FaultStack suite) {
    try (Scenario scenario = Scenario.open(suite, "ingest-job-sigkill")) {
      SensorTraffic traffic = SensorTraffic.firstPhasePartlyDelivered(scenario);

      scenario.killJob();
      // Written while the job is down: the restarted job must pick it up from its checkpoint.
      traffic.sendSecondPhase();
      scenario.startJob(SensorTraffic.FLEET, SensorTraffic.THRESHOLDS);

      Set<String> ids = traffic.awaitAllDelivered();
      // A re-run batch writes its DqEvents to the outbox again; the forwarder's dedupe keeps them
      // from Datadog (docs/forwarder.md: repeats are not notified twice within dedupe.horizon).
      Invariant.assertHolds(scenario.record("SIGKILL ingest job, restart from checkpoint", ids, 0, 0));
    }
  }
}
