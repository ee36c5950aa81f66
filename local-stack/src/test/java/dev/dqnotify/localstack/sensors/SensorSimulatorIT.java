package dev.dqnotify.localstack.sensors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.localstack.cli.LocalStackCommand;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.junit.LocalStackExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Sends plans to the local stack's real Kafka and reads back what landed where. */
@ExtendWith(LocalStackExtension.class)
class SensorSimulatorIT {

  private static final String FAULTS =
      "late=2,duplicate=1,malformed=3,insufficient=1,out-of-range=2,unknown-store=1,silent=1";

  @TempDir Path dir;

  @Test
  void groundTruthPositionsAreWhereAConsumerFindsTheRecords(KafkaBroker kafka) {
    String topic = "sensors-it-positions";
    kafka.createTopics(3, topic);
    SimulationPlan plan = SimulationPlan.builder(StoreFleet.generate(3, 2))
        .endingAt(Instant.now()).interval(Duration.ofSeconds(5)).ticks(40)
        .thresholds(SimulationPlanTest.SHRUNK)
        .faults(FaultPlan.everyTypeOnce().with(EventType.MALFORMED_RECORD, 7).with(EventType.OUT_OF_RANGE, 3))
        .seed(11).build();

    GroundTruth truth = GroundTruth.empty();
    try (SensorSimulator simulator = SensorSimulator.connect(kafka.bootstrapServers(), topic, Map.of())) {
      for (List<SimulatedMessage> phase : plan.phases(3)) {
        truth = truth.plus(simulator.send(phase));
      }
    }
    Map<Integer, List<ConsumerRecord<byte[], byte[]>>> partitions = readAll(kafka, topic, plan.messages().size());

    // Every record once, each partition in plan order: the order the ground truth was computed for.
    for (int p = 0; p < 3; p++) {
      int partition = p;
      List<SimulatedMessage> planned = plan.messages().stream()
          .filter(m -> SensorSimulatorTest.partitionOf(m, 3) == partition).toList();
      assertThat(partitions.getOrDefault(p, List.of())).extracting(r -> List.of(key(r), new String(r.value(),
          StandardCharsets.ISO_8859_1)))
          .as("partition %d", p)
          .isEqualTo(planned.stream().map(m -> List.of(m.key(), new String(m.value(), StandardCharsets.ISO_8859_1)))
              .toList());
    }
    // Each expected event names the record it concerns.
    for (SensorSimulatorTest.Written written : SensorSimulatorTest.written(plan, truth)) {
      ExpectedEvent event = written.event();
      if (event.type() == EventType.STORE_SILENT) {
        assertThat(event.offset()).isNull();
        continue;
      }
      ConsumerRecord<byte[], byte[]> record = partitions.get(event.partition()).get(event.offset().intValue());
      assertThat(record.offset()).isEqualTo(event.offset());
      assertThat(record.value()).as("%s", event).isEqualTo(written.message().value());
      assertThat(key(record)).isEqualTo(written.message().key());
      if (event.type() != EventType.MALFORMED_RECORD) {
        assertThat(ContractOracle.parse(record.value()).orElseThrow().messageId()).isEqualTo(event.messageId());
      }
    }
    // On the real partitions, the job's watermark makes exactly the planned late messages late.
    long lateness = plan.thresholds().allowedLateness().toMillis();
    for (List<ConsumerRecord<byte[], byte[]>> records : partitions.values()) {
      long newest = Long.MIN_VALUE;
      for (ConsumerRecord<byte[], byte[]> record : records) {
        Optional<ContractOracle.Parsed> parsed = ContractOracle.parse(record.value());
        if (parsed.isEmpty()) {
          continue;
        }
        boolean late = newest != Long.MIN_VALUE && parsed.get().sentAtMs() < newest - lateness;
        boolean plannedLate = truth.events(EventType.LATE_DATA).stream()
            .anyMatch(e -> e.partition() == record.partition() && e.offset() == record.offset());
        assertThat(late).as("%s@%d late", record.partition(), record.offset()).isEqualTo(plannedLate);
        if (!late) {
          newest = Math.max(newest, parsed.get().sentAtMs());
        }
      }
    }
    assertThat(truth.countsByType()).isEqualTo(plan.expectedCounts());
    assertThat(truth.messagesSent()).isEqualTo(plan.messages().size());
  }

  @Test
  void sensorsCommandWritesTheMetadataAndTheManifestOfWhatItSent(KafkaBroker kafka) throws Exception {
    String topic = "sensors-it-cli-fast";
    kafka.createTopics(2, topic);
    Path csv = dir.resolve("stores.csv");
    Path manifest = dir.resolve("ground-truth.json");
    StringWriter out = new StringWriter();

    int exit = cli(out).execute("sensors", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic,
        "--mode", "fast", "--stores", "3", "--sensors-per-store", "2", "--duration", "10m", "--interval", "5s",
        "--faults", FAULTS,
        "--lateness", "30s", "--silence-timeout", "60s", "--seed", "5",
        "--stores-csv", csv.toString(), "--manifest", manifest.toString());

    assertThat(exit).as("%s", out).isZero();
    assertThat(out.toString()).contains("--conf detect.late.allowed-lateness=30s", "--conf detect.silence.timeout=60s",
        "Ground truth");
    assertThat(Files.readAllLines(csv)).hasSize(4).first().isEqualTo(StoreFleet.CSV_HEADER);
    GroundTruth truth = GroundTruth.read(manifest);
    FaultPlan asked = FaultPlan.parse(FAULTS);
    assertThat(truth.countsByType()).allSatisfy((type, n) -> assertThat(n).as("%s", type).isEqualTo(asked.count(type)));
    assertThat(readAll(kafka, topic, (int) truth.messagesSent()).values().stream().mapToInt(List::size).sum())
        .isEqualTo(truth.messagesSent());
  }

  @Test
  void liveModeSendsNoMessageBeforeItsEventTime(KafkaBroker kafka) {
    String topic = "sensors-it-cli-live";
    kafka.createTopics(2, topic);
    Path manifest = dir.resolve("live.json");

    int exit = cli(new StringWriter()).execute("sensors", "--bootstrap-servers", kafka.bootstrapServers(),
        "--topic", topic, "--mode", "live", "--stores", "2", "--sensors-per-store", "2", "--rate", "200",
        "--duration", "2s", "--faults", "late=1,duplicate=1,malformed=1",
        "--stores-csv", dir.resolve("s.csv").toString(), "--manifest", manifest.toString());

    assertThat(exit).isZero();
    List<ConsumerRecord<byte[], byte[]>> records = readAll(kafka, topic, (int) GroundTruth.read(manifest).messagesSent())
        .values().stream().flatMap(List::stream).toList();
    List<Long> sentAt = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      ContractOracle.parse(record.value()).ifPresent(parsed -> {
        assertThat(record.timestamp()).as("written at or after its sent_at").isGreaterThanOrEqualTo(parsed.sentAtMs());
        sentAt.add(parsed.sentAtMs());
      });
    }
    sentAt.sort(Comparator.naturalOrder());
    assertThat(sentAt.get(sentAt.size() - 1) - sentAt.get(1)).as("event time spans the run").isGreaterThan(1_800);
  }

  private static CommandLine cli(StringWriter out) {
    CommandLine cli = new CommandLine(new LocalStackCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    return cli;
  }

  private static String key(ConsumerRecord<byte[], byte[]> record) {
    return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
  }

  /** Every record of {@code topic} by partition, in offset order; waits until {@code expected} arrived. */
  static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> readAll(KafkaBroker kafka, String topic, int expected) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
    int read = 0;
    try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (read < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record);
          read++;
        }
      }
    }
    assertThat(read).as("records read from %s", topic).isEqualTo(expected);
    return byPartition;
  }
}
