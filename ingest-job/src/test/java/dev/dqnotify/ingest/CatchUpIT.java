package dev.dqnotify.ingest;

import static dev.dqnotify.ingest.testing.RawMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.ingest.testing.IngestFixture;
import dev.dqnotify.ingest.testing.SparkTestSession;
import dev.dqnotify.localstack.junit.LocalStackExtension;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A backlog larger than source.max-offsets-per-trigger, as after a few hours of downtime (scaled down). */
@ExtendWith(LocalStackExtension.class)
class CatchUpIT {
  private static final Instant T0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
  private final SparkSession spark = SparkTestSession.get();

  @Test
  void aBacklogLargerThanTheCapIsWorkedOffInSeveralBatchesWithoutAManualStep(KafkaBroker kafka,
      SchemaRegistryServer registry, @TempDir Path dir) throws Exception {
    try (IngestFixture fixture = new IngestFixture(kafka, registry, dir, 2)) {
      for (int i = 0; i < 25; i++) {
        String sensor = "s-0001-climate-0" + (i % 2);
        fixture.send(sensor, message("m" + i, "store-0001", sensor, T0.plus(i, ChronoUnit.MINUTES), 10));
      }

      StreamingQuery query = IngestJob.start(spark, fixture.config("checkpoint",
          Map.of("trigger.mode", "available-now", "source.max-offsets-per-trigger", "10")));
      try {
        assertThat(query.awaitTermination(180_000)).as("the run ends by itself").isTrue();
      } finally {
        query.stop();
      }

      List<Long> rowsPerBatch = Arrays.stream(query.recentProgress()).map(StreamingQueryProgress::numInputRows)
          .filter(rows -> rows > 0).toList();
      assertThat(rowsPerBatch).as("batches of at most the cap").hasSizeGreaterThanOrEqualTo(3)
          .allSatisfy(rows -> assertThat(rows).isLessThanOrEqualTo(10));
      assertThat(rowsPerBatch.stream().mapToLong(Long::longValue).sum()).isEqualTo(25);
      assertThat(spark.read().parquet(fixture.curatedPath().toString()).select("message_id").distinct()
          .as(Encoders.STRING()).collectAsList()).hasSize(25);
    }
  }
}
