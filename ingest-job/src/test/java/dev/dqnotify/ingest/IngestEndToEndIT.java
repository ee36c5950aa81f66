package dev.dqnotify.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import static dev.dqnotify.ingest.testing.GroundTruthAssert.assertExactly;
import static dev.dqnotify.ingest.testing.GroundTruthAssert.ids;

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
import dev.dqnotify.localstack.sensors.SensorSimulator;
import dev.dqnotify.localstack.sensors.SimulatedMessage;
import dev.dqnotify.localstack.sensors.SimulationPlan;
import dev.dqnotify.localstack.sensors.StoreFleet;
import dev.dqnotify.localstack.sensors.Thresholds;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sensor simulator's stream with every kind of fault, fed to the job in phases; the outbox
 * must hold exactly the injected situations (precision and recall 1.0 per type), and the curated
 * table exactly the clean rows. Then restarts and replays must not change the id set.
 */
@ExtendWith(LocalStackExtension.class)
class IngestEndToEndIT {
  static final Thresholds RULES =
      Thresholds.defaults().withAllowedLateness(Duration.ofSeconds(30)).withSilenceTimeout(Duration.ofSeconds(60));
  private final SparkSession spark = SparkTestSession.get();

  static SimulationPlan plan() {
    FaultPlan faults = FaultPlan.everyTypeOnce()
        .with(EventType.LATE_DATA, 3).with(EventType.DUPLICATE_MESSAGE, 3).with(EventType.MALFORMED_RECORD, 7)
        .with(EventType.INSUFFICIENT_DATA_POINTS, 2).with(EventType.OUT_OF_RANGE, 3)
        .with(EventType.UNKNOWN_STORE, 2).with(EventType.STORE_SILENT, 1);
    return SimulationPlan.builder(StoreFleet.generate(4, 3)).endingAt(Instant.now())
        .interval(Duration.ofSeconds(5)).ticks(60).thresholds(RULES).faults(faults).seed(42).build();
  }

  @Test
  void findsExactlyTheInjectedSituationsAndCuratesExactlyTheCleanRows(KafkaBroker kafka,
      SchemaRegistryServer registry, @TempDir Path dir) throws Exception {
    SimulationPlan plan = plan();
    try (IngestFixture fixture = new IngestFixture(kafka, registry, dir, 3, plan.fleet().csv());
        SensorSimulator sensors = SensorSimulator.connect(kafka.bootstrapServers(), fixture.rawTopic, Map.of());
        OutboxReader outbox = fixture.outbox()) {
      StreamingQuery query = IngestJob.start(spark, fixture.config("checkpoint", RULES.ingestJobSettings()));
      try {
        for (List<SimulatedMessage> phase : plan.phases(3)) {
          sensors.send(phase);
          query.processAllAvailable();
        }
      } finally {
        query.stop();
      }
      GroundTruth truth = sensors.groundTruth();
      assertThat(truth.countsByType().values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(20);

      List<Keyed> events = outbox.readUntil(read -> ids(read).containsAll(truth.eventIds()), Duration.ofSeconds(30));
      events = outbox.readFor(Duration.ofSeconds(1));

      assertExactly(truth, events);
      assertThat(events).as("each situation written once").hasSize(truth.eventIds().size());
      assertThat(spark.read().format("delta").load(fixture.curatedPath().toString()).count()).isEqualTo(truth.curatedRows());
    }
  }

  @Test
  void aRestartFromTheCheckpointAndAReplayWithAFreshOneFindTheSameIds(KafkaBroker kafka,
      SchemaRegistryServer registry, @TempDir Path dir) throws Exception {
    SimulationPlan plan = plan();
    try (IngestFixture fixture = new IngestFixture(kafka, registry, dir, 3, plan.fleet().csv());
        SensorSimulator sensors = SensorSimulator.connect(kafka.bootstrapServers(), fixture.rawTopic, Map.of());
        OutboxReader outbox = fixture.outbox()) {
      List<List<SimulatedMessage>> phases = plan.phases(3);
      StreamingQuery first = IngestJob.start(spark, fixture.config("checkpoint", RULES.ingestJobSettings()));
      try {
        sensors.send(phases.get(0));
        first.processAllAvailable();
        sensors.send(phases.get(1));
        first.processAllAvailable();
      } finally {
        first.stop();
      }
      Set<String> beforeRestart = ids(outbox.readUntil(read -> !read.isEmpty(), Duration.ofSeconds(30)));

      sensors.send(phases.get(2));
      StreamingQuery second = IngestJob.start(spark, fixture.config("checkpoint", RULES.ingestJobSettings()));
      try {
        second.processAllAvailable();
      } finally {
        second.stop();
      }
      GroundTruth truth = sensors.groundTruth();
      outbox.readUntil(read -> ids(read).containsAll(truth.eventIds()), Duration.ofSeconds(30));
      List<Keyed> events = outbox.readFor(Duration.ofSeconds(1));
      assertExactly(truth, events);
      assertThat(events).as("no input processed twice across the restart").hasSize(truth.eventIds().size());
      assertThat(beforeRestart).isNotEmpty();
      assertThat(spark.read().format("delta").load(fixture.curatedPath().toString()).count())
          .as("each clean row once across the restart").isEqualTo(truth.curatedRows());

      String replayTopic = "dq-events-replay-" + fixture.outboxTopic;
      kafka.createTopics(2, replayTopic);
      Map<String, String> replay = new HashMap<>(RULES.ingestJobSettings());
      replay.putAll(Map.of("trigger.mode", "AVAILABLE_NOW", "outbox.topic", replayTopic,
          "sink.curated-path", dir.resolve("curated-replay").toString()));
      IngestJob.start(spark, fixture.config("checkpoint-replay", replay)).awaitTermination();
      try (OutboxReader replayed = new OutboxReader(kafka.bootstrapServers(), replayTopic, registry.confluentApiUrl())) {
        assertThat(ids(replayed.readUntil(read -> read.size() >= events.size(), Duration.ofSeconds(30))))
            .as("a replay with a fresh checkpoint finds the same ids").isEqualTo(ids(events));
      }
    }
  }
}
