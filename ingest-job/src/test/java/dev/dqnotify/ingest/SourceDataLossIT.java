package dev.dqnotify.ingest;

import static dev.dqnotify.ingest.testing.RawMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.ingest.testing.IngestFixture;
import dev.dqnotify.ingest.testing.OutboxReader;
import dev.dqnotify.ingest.testing.OutboxReader.Keyed;
import dev.dqnotify.ingest.testing.SparkTestSession;
import dev.dqnotify.localstack.junit.LocalStackExtension;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.Severity;
import dev.dqnotify.schemas.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Raw records Kafka deletes before the job reads them, against the real broker. */
@ExtendWith(LocalStackExtension.class)
class SourceDataLossIT {
  private static final Instant T0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
  private static final String SENSOR = "s-0001-climate-01";
  private final SparkSession spark = SparkTestSession.get();

  @Test
  void recordsDeletedWhileTheJobWasStoppedBecomeOneSourceDataLostEventWithADeterministicId(KafkaBroker kafka,
      SchemaRegistryServer registry, @TempDir Path dir) throws Exception {
    try (IngestFixture fixture = new IngestFixture(kafka, registry, dir, 1);
        OutboxReader outbox = fixture.outbox();
        Admin admin = kafka.admin()) {
      sendMessages(fixture, 0, 3); // offsets 0..2, read by the first run
      StreamingQuery first = IngestJob.start(spark, fixture.config("checkpoint", Map.of()));
      try {
        first.processAllAvailable();
      } finally {
        first.stop();
      }

      sendMessages(fixture, 3, 13); // offsets 3..12, written while the job is stopped
      TopicPartition partition = new TopicPartition(fixture.rawTopic, 0);
      admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(10))).all().get(); // 3..9 are gone

      StreamingQuery second = IngestJob.start(spark, fixture.config("checkpoint", Map.of()));
      List<Keyed> lost;
      try {
        second.processAllAvailable();
        outbox.readUntil(events -> events.stream().anyMatch(SourceDataLossIT::isLoss), Duration.ofSeconds(60));
        lost = outbox.readFor(Duration.ofSeconds(2)).stream().filter(SourceDataLossIT::isLoss).toList();
      } finally {
        second.stop();
      }

      assertThat(lost).as("one event for the one lost range").hasSize(1);
      DqEvent event = lost.get(0).event();
      assertThat(lost.get(0).key()).isEqualTo("_unknown");
      assertThat(event.getSeverity()).isEqualTo(Severity.ERROR);
      assertThat(event.getSource()).isEqualTo(new SourcePosition(fixture.rawTopic, 0, 3L));
      assertThat(event.getDetails()).containsEntry("topic", fixture.rawTopic).containsEntry("partition", "0")
          .containsEntry("first_lost_offset", "3").containsEntry("last_lost_offset", "9")
          .containsEntry("lost_offsets", "7");
      assertThat(event.getEventId()).isEqualTo(UUID.nameUUIDFromBytes(
          ("SOURCE_DATA_LOST|" + fixture.rawTopic + "/0@3").getBytes(StandardCharsets.UTF_8)).toString());
      assertThat(spark.read().parquet(fixture.curatedPath().toString()).select("message_id").distinct()
          .as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
          .as("what Kafka still held was read on").containsExactlyInAnyOrder("m0", "m1", "m2", "m10", "m11", "m12");
    }
  }

  private static boolean isLoss(Keyed keyed) {
    return keyed.event().getEventType().name().equals("SOURCE_DATA_LOST");
  }

  private static void sendMessages(IngestFixture fixture, int from, int to) {
    for (int i = from; i < to; i++) {
      fixture.send(SENSOR, message("m" + i, "store-0001", SENSOR, T0.plus(i, ChronoUnit.MINUTES), 10));
    }
  }
}
