package dev.dqnotify.faultsuite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.localstack.sensors.GroundTruth;
import dev.dqnotify.localstack.sensors.MessageKind;
import dev.dqnotify.localstack.sensors.SimulatedMessage;
import dev.dqnotify.localstack.sensors.SimulationPlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** 1,000 malformed raw messages through the ingest job, then regular traffic. */
@Order(4)
@ExtendWith(FaultStack.Extension.class)
class MalformedRawIT {

  private static final int MALFORMED = 1000;

  @Test
  void everyMalformedMessageBecomesAMalformedRecordEventAndTheJobKeepsRunning(FaultStack suite) {
    Random random = new Random(FaultStack.SEED);
    SimulationPlan plan = SensorTraffic.plan(FaultStack.SEED);
    byte[] template = plan.messages().stream().filter(m -> m.kind() == MessageKind.NORMAL).findFirst()
        .map(SimulatedMessage::value).orElseThrow();
    try (Scenario scenario = Scenario.open(suite, "malformed-raw")) {
      scenario.startPipeline();
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
      for (byte[] value : Garbage.rawMessages(random, MALFORMED, template)) {
        records.add(new ProducerRecord<>(scenario.rawTopic(),
            ("garbage-" + records.size()).getBytes(StandardCharsets.UTF_8), value));
      }
      Set<String> ids = new LinkedHashSet<>();
      for (RecordMetadata written : scenario.produce(records)) {
        ids.add(malformedRecordId(written));
      }
      // Regular traffic after the garbage: the job must still be reading and judging.
      GroundTruth truth = scenario.sendSensors(plan.messages());
      ids.addAll(truth.eventIds());

      scenario.awaitAllDelivered(ids);
      assertThat(scenario.job().isAlive()).as("the ingest job still runs").isTrue();
      Invariant.assertHolds(scenario.record("1,000 malformed raw messages, then " + truth.messagesSent()
          + " sensor messages", ids, 0, 0));
    }
  }

  /** The job's event id for a malformed record: a name-based UUID of its position (see ExpectedEvent). */
  private static String malformedRecordId(RecordMetadata written) {
    String identity = written.topic() + "/" + written.partition() + "@" + written.offset();
    return UUID.nameUUIDFromBytes(("MALFORMED_RECORD|" + identity).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
