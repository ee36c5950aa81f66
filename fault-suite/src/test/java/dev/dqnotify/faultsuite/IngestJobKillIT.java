package dev.dqnotify.faultsuite;

import dev.dqnotify.localstack.sensors.GroundTruth;
import dev.dqnotify.localstack.sensors.SimulatedMessage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
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
    Random random = new Random(FaultStack.SEED);
    List<List<SimulatedMessage>> phases = SensorTraffic.plan(FaultStack.SEED).phases(2);
    try (Scenario scenario = Scenario.open(suite, "ingest-job-sigkill")) {
      scenario.startPipeline();
      GroundTruth first = scenario.sendSensors(phases.get(0));
      Set<String> firstIds = first.eventIds();
      scenario.awaitDelivered(firstIds, 1 + random.nextInt(Math.max(1, firstIds.size() / 2)));

      scenario.killJob();
      // Written while the job is down: the restarted job must pick it up from its checkpoint.
      GroundTruth second = scenario.sendSensors(phases.get(1));
      scenario.startJob(SensorTraffic.FLEET, SensorTraffic.THRESHOLDS);

      Set<String> ids = new LinkedHashSet<>(firstIds);
      ids.addAll(second.eventIds());
      scenario.awaitAllDelivered(ids);
      // A re-run batch writes its DqEvents to the outbox again; the forwarder's dedupe keeps them
      // from Datadog (docs/forwarder.md: repeats are not notified twice within dedupe.horizon).
      Invariant.assertHolds(scenario.record("SIGKILL ingest job, restart from checkpoint", ids, 0, 0));
    }
  }
}
