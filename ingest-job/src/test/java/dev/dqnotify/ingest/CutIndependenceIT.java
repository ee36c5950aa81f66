package dev.dqnotify.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.ingest.testing.IngestFixture;
import dev.dqnotify.ingest.testing.OutboxReader;
import dev.dqnotify.ingest.testing.OutboxReader.Keyed;
import dev.dqnotify.ingest.testing.SparkTestSession;
import dev.dqnotify.localstack.junit.LocalStackExtension;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import dev.dqnotify.localstack.sensors.EventType;
import dev.dqnotify.localstack.sensors.FaultPlan;
import dev.dqnotify.localstack.sensors.GroundTruth;
import dev.dqnotify.localstack.sensors.MessageKind;
import dev.dqnotify.localstack.sensors.SensorSimulator;
import dev.dqnotify.localstack.sensors.SimulatedMessage;
import dev.dqnotify.localstack.sensors.SimulationPlan;
import dev.dqnotify.localstack.sensors.StoreFleet;
import dev.dqnotify.localstack.sensors.Thresholds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same labelled input, read with random cuts — one batch for everything, a random number of
 * records per trigger, and a run stopped after a few batches and restarted with another cut — must
 * give exactly the same DqEvent ids, and exactly the injected ones. The input adds re-sent copies
 * on another partition than their first copy (what a producer without keys does).
 */
@ExtendWith(LocalStackExtension.class)
class CutIndependenceIT {
  private static final Logger log = LoggerFactory.getLogger(CutIndependenceIT.class);
  private static final int PARTITIONS = 3;
  private static final Thresholds RULES =
      Thresholds.defaults().withAllowedLateness(Duration.ofSeconds(30)).withSilenceTimeout(Duration.ofSeconds(60));
  private final SparkSession spark = SparkTestSession.get();

  @Test
  void findsTheSameIdsWhateverTheBatchCutsAndAcrossARestart(KafkaBroker kafka, SchemaRegistryServer registry,
      @TempDir Path dir) throws Exception {
    long seed = System.nanoTime();
    log.info("Cut seed {}", seed);
    Random random = new Random(seed);
    FaultPlan faults = FaultPlan.everyTypeOnce()
        .with(EventType.LATE_DATA, 3).with(EventType.DUPLICATE_MESSAGE, 3).with(EventType.MALFORMED_RECORD, 4)
        .with(EventType.INSUFFICIENT_DATA_POINTS, 2).with(EventType.OUT_OF_RANGE, 2)
        .with(EventType.UNKNOWN_STORE, 2).with(EventType.STORE_SILENT, 1);
    SimulationPlan plan = SimulationPlan.builder(StoreFleet.generate(4, 3)).endingAt(Instant.now())
        .interval(Duration.ofSeconds(5)).ticks(60).thresholds(RULES).faults(faults).seed(7).build();

    try (IngestFixture fixture = new IngestFixture(kafka, registry, dir, PARTITIONS, plan.fleet().csv());
        SensorSimulator sensors = SensorSimulator.connect(kafka.bootstrapServers(), fixture.rawTopic, Map.of())) {
      Set<String> expected = new TreeSet<>();
      for (List<SimulatedMessage> phase : plan.phases(4)) {
        sensors.send(phase);
        expected.addAll(resendOnAnotherPartition(fixture, plan, phase));
      }
      GroundTruth truth = sensors.groundTruth();
      expected.addAll(truth.eventIds());
      assertThat(expected).hasSizeGreaterThan(20);

      Set<String> oneBatch = run(fixture, "one-batch", 1_000_000, expected.size());
      int cap = 20 + random.nextInt(60);
      Set<String> smallBatches = run(fixture, "cap-" + cap, cap, expected.size());
      Set<String> restarted = runWithRestart(fixture, 20 + random.nextInt(60), 20 + random.nextInt(200),
          expected.size());

      assertThat(oneBatch).as("one batch finds exactly the injected situations").isEqualTo(expected);
      assertThat(smallBatches).as("%d records per trigger (seed %d)", cap, seed).isEqualTo(oneBatch);
      assertThat(restarted).as("stopped and restarted with other cuts (seed %d)", seed).isEqualTo(oneBatch);
    }
  }

  /**
   * Sends a copy of two plain messages from the end of {@code phase} to another partition than the
   * first copy's, one to three ticks before the phase's newest time (well within the lateness) so
   * that it is on time there; returns the DUPLICATE_MESSAGE ids they must raise.
   */
  private static Set<String> resendOnAnotherPartition(IngestFixture fixture, SimulationPlan plan,
      List<SimulatedMessage> phase) {
    Map<String, Long> idCount = plan.messages().stream()
        .filter(m -> m.messageId() != null)
        .collect(Collectors.groupingBy(SimulatedMessage::messageId, Collectors.counting()));
    Instant newest = phase.stream().map(SimulatedMessage::sentAt).filter(t -> t != null)
        .max(Instant::compareTo).orElseThrow();
    Instant latest = newest.minus(plan.interval());
    Instant earliest = newest.minus(plan.interval().multipliedBy(3));
    Set<String> ids = new HashSet<>();
    for (SimulatedMessage message : phase) {
      if (ids.size() == 2) {
        break;
      }
      if (message.kind() == MessageKind.NORMAL && !message.sentAt().isAfter(latest)
          && !message.sentAt().isBefore(earliest)
          && idCount.get(message.messageId()) == 1) {
        int home = Utils.toPositive(Utils.murmur2(message.key().getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
        fixture.send((home + 1) % PARTITIONS, null, message.value());
        ids.add(UUID.nameUUIDFromBytes(("DUPLICATE_MESSAGE|" + message.messageId() + "#copy2")
            .getBytes(StandardCharsets.UTF_8)).toString());
      }
    }
    assertThat(ids).hasSize(2);
    return ids;
  }

  /** One available-now run with a fresh checkpoint and {@code cap} records per trigger; its ids. */
  private Set<String> run(IngestFixture fixture, String name, int cap, int expected) throws Exception {
    String topic = outbox(fixture, name);
    IngestJob.start(spark, fixture.config("checkpoint-" + name, settings(fixture, topic, cap, "available-now")))
        .awaitTermination();
    return ids(fixture, topic, expected);
  }

  /** A processing-time run stopped after a few batches, then an available-now run on its checkpoint. */
  private Set<String> runWithRestart(IngestFixture fixture, int firstCap, int secondCap, int expected)
      throws Exception {
    String name = "restart-" + firstCap + "-" + secondCap;
    String topic = outbox(fixture, name);
    StreamingQuery first = IngestJob.start(spark,
        fixture.config("checkpoint-" + name, settings(fixture, topic, firstCap, "processing-time")));
    try {
      Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
          .until(() -> first.lastProgress() != null && first.lastProgress().batchId() >= 3);
    } finally {
      first.stop();
    }
    IngestJob.start(spark, fixture.config("checkpoint-" + name, settings(fixture, topic, secondCap, "available-now")))
        .awaitTermination();
    return ids(fixture, topic, expected);
  }

  private static Map<String, String> settings(IngestFixture fixture, String outboxTopic, int cap, String mode) {
    Map<String, String> settings = new HashMap<>(RULES.ingestJobSettings());
    settings.put("outbox.topic", outboxTopic);
    settings.put("source.max-offsets-per-trigger", String.valueOf(cap));
    settings.put("trigger.mode", mode);
    settings.put("trigger.interval", "0s");
    settings.put("sink.curated-path", fixture.dir.resolve("curated-" + outboxTopic).toString());
    return settings;
  }

  private static String outbox(IngestFixture fixture, String name) {
    String topic = fixture.outboxTopic + "-" + name;
    fixture.kafka.createTopics(2, topic);
    return topic;
  }

  private static Set<String> ids(IngestFixture fixture, String topic, int expected) {
    try (OutboxReader reader = new OutboxReader(fixture.kafka.bootstrapServers(), topic,
        fixture.registry.confluentApiUrl())) {
      reader.readUntil(read -> read.size() >= expected, Duration.ofSeconds(30));
      List<Keyed> events = reader.readFor(Duration.ofSeconds(1));
      return events.stream().map(k -> k.event().getEventId())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
