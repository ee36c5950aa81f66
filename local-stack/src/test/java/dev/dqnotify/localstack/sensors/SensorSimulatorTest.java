package dev.dqnotify.localstack.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class SensorSimulatorTest {

  static final String TOPIC = "sensor-raw";

  static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
    Node node = new Node(0, "localhost", 9092);
    List<PartitionInfo> partitions = IntStream.range(0, 3)
        .mapToObj(p -> new PartitionInfo(TOPIC, p, node, new Node[] {node}, new Node[] {node})).toList();
    Cluster cluster = new Cluster("test", List.of(node), partitions, Set.of(), Set.of());
    return new MockProducer<>(cluster, autoComplete, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Test
  void groundTruthCarriesThePositionsKafkaAcknowledged() {
    SimulationPlan plan = SimulationPlanTest.mixedPlan().build();
    GroundTruth truth;
    try (SensorSimulator simulator = SensorSimulator.using(producer(true), TOPIC)) {
      truth = plan.phases(2).stream().map(simulator::send).reduce(GroundTruth.empty(), GroundTruth::plus);
      assertThat(simulator.groundTruth()).isEqualTo(truth);
    }

    // The default partitioner: murmur2 of the key (the sensor id); offsets count per partition.
    Map<Integer, Long> nextOffset = new HashMap<>();
    Map<Integer, Long> offsetOf = new HashMap<>();
    plan.messages().forEach(m -> offsetOf.put(m.sequence(), nextOffset.merge(partitionOf(m, 3), 1L, Long::sum) - 1));
    for (Written written : written(plan, truth)) {
      if (written.event().type() != EventType.STORE_SILENT) {
        assertThat(List.of(written.event().topic(), written.event().partition(), written.event().offset()))
            .as("%s", written.message())
            .containsExactly(TOPIC, partitionOf(written.message(), 3), offsetOf.get(written.message().sequence()));
      }
    }
    assertThat(truth.countsByType()).isEqualTo(plan.expectedCounts());
  }

  /** An expected event as written, with the message that raises it. */
  record Written(SimulatedMessage message, ExpectedEvent event) {}

  /** Pairs the ground truth's events with the plan's messages: both are in send order. */
  static List<Written> written(SimulationPlan plan, GroundTruth truth) {
    List<Written> pairs = new ArrayList<>();
    List<ExpectedEvent> events = truth.events();
    for (SimulatedMessage message : plan.messages()) {
      for (ExpectedEvent planned : message.expected()) {
        ExpectedEvent written = events.get(pairs.size());
        assertThat(written.type()).isEqualTo(planned.type());
        pairs.add(new Written(message, written));
      }
    }
    assertThat(pairs).hasSameSizeAs(events);
    return pairs;
  }

  /** Kafka's default partition of a keyed record. */
  static int partitionOf(SimulatedMessage message, int partitions) {
    return Utils.toPositive(Utils.murmur2(message.key().getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  @Test
  void pacedSendingWaitsForEachMessagesEventTimeBeforeSendingIt() {
    SimulationPlan plan = SimulationPlanTest.mixedPlan().ticks(25).faults(FaultPlan.parse("late=1,malformed=2"))
        .build();
    MockProducer<byte[], byte[]> producer = producer(true);
    List<Instant> awaited = new ArrayList<>();
    List<Integer> sentBeforeAwait = new ArrayList<>();
    List<Integer> progress = new ArrayList<>();

    try (SensorSimulator simulator = SensorSimulator.using(producer, TOPIC)) {
      simulator.send(plan.messages(), emittedAt -> {
        awaited.add(emittedAt);
        sentBeforeAwait.add(producer.history().size());
      }, (acknowledged, total, message) -> progress.add(acknowledged));
    }

    assertThat(awaited).isEqualTo(plan.messages().stream().map(SimulatedMessage::emittedAt).toList());
    assertThat(sentBeforeAwait).isEqualTo(IntStream.range(0, plan.messages().size()).boxed().toList());
    assertThat(progress).isEqualTo(IntStream.rangeClosed(1, plan.messages().size()).boxed().toList());
  }

  @Test
  void realTimePacerDoesNotWaitForEventTimeAlreadyPassed() throws Exception {
    java.time.Clock clock = java.time.Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), java.time.ZoneOffset.UTC);

    SensorSimulator.Pacer.realTime(clock).awaitUntil(Instant.parse("2026-11-25T09:59:59Z"));
    SensorSimulator.Pacer.realTime(clock).awaitUntil(Instant.parse("2026-11-25T10:00:00Z"));
  }

  @Test
  void aRecordKafkaRefusesStopsTheRunNamingIt() {
    SimulationPlan plan = SimulationPlanTest.mixedPlan().ticks(25).faults(FaultPlan.none()).build();
    MockProducer<byte[], byte[]> producer = producer(false);

    try (SensorSimulator simulator = SensorSimulator.using(producer, TOPIC)) {
      assertThatThrownBy(() -> simulator.send(plan.messages(), emittedAt -> {
        if (producer.history().size() == 2) {
          producer.errorNext(new org.apache.kafka.common.errors.RecordTooLargeException("too large"));
        }
      }, SensorSimulator.Progress.NONE))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Message #0 (NORMAL, key s-0001-climate-01) was not written to sensor-raw")
          .hasMessageContaining("too large");
      assertThat(simulator.groundTruth().messagesSent()).isZero();
    }
  }

  @Test
  void refusesATopicThatDoesNotExist() {
    assertThatThrownBy(() -> SensorSimulator.using(producer(true), "no-such-topic"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no-such-topic");
  }
}
