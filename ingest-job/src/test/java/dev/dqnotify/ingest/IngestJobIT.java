package dev.dqnotify.ingest;

import static dev.dqnotify.ingest.testing.RawMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.ingest.testing.IngestFixture;
import dev.dqnotify.ingest.testing.OutboxReader;
import dev.dqnotify.ingest.testing.OutboxReader.Keyed;
import dev.dqnotify.ingest.testing.SparkTestSession;
import dev.dqnotify.localstack.junit.LocalStackExtension;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import dev.dqnotify.schemas.DqEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The job as a real streaming query on the local stack, with small hand-made inputs. */
@ExtendWith(LocalStackExtension.class)
class IngestJobIT {
  private static final Instant T0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
  private final SparkSession spark = SparkTestSession.get();

  @Test
  void findsEverySituationOnceAndCuratesOnlyTheCleanMessages(KafkaBroker kafka, SchemaRegistryServer registry,
      @TempDir Path dir) throws Exception {
    try (IngestFixture fixture = new IngestFixture(kafka, registry, dir, 2);
        OutboxReader outbox = fixture.outbox()) {
      String s1 = "s-0001-climate-01";
      // First, so that it is on time whichever partition it shares with the others.
      fixture.send("s-0002-climate-01", message("quiet", "store-0002", "s-0002-climate-01", T0, 10));
      for (int i = 0; i < 5; i++) {
        fixture.send(s1, message("m" + i, "store-0001", s1, T0.plus(8L * i, ChronoUnit.MINUTES), 10));
      }
      fixture.send(s1, message("few", "store-0001", s1, T0.plus(33, ChronoUnit.MINUTES), 3));
      fixture.send(s1, message("hot", "store-0001", s1, T0.plus(34, ChronoUnit.MINUTES), 10, 90.0));
      fixture.send("s-9999-x", message("stranger", "store-9999", "s-9999-x", T0.plus(34, ChronoUnit.MINUTES), 10));
      fixture.send(s1, "{not json");
      fixture.send(s1, message("m3", "store-0001", s1, T0.plus(24, ChronoUnit.MINUTES), 10));
      fixture.send(s1, message("tardy", "store-0001", s1, T0.plus(5, ChronoUnit.MINUTES), 10));

      StreamingQuery query = IngestJob.start(spark, fixture.config("checkpoint", Map.of()));
      try {
        List<Keyed> events = outbox.readUntil(e -> e.size() >= 7, Duration.ofSeconds(90));
        query.processAllAvailable();
        events = outbox.readFor(Duration.ofSeconds(2));

        assertThat(OutboxReader.countsByType(events)).containsExactlyInAnyOrderEntriesOf(Map.of(
            "INSUFFICIENT_DATA_POINTS", 1L, "OUT_OF_RANGE", 1L, "UNKNOWN_STORE", 1L, "MALFORMED_RECORD", 1L,
            "DUPLICATE_MESSAGE", 1L, "LATE_DATA", 1L, "STORE_SILENT", 1L));
        Map<String, DqEvent> byType = events.stream().map(Keyed::event)
            .collect(Collectors.toMap(e -> e.getEventType().name(), e -> e));
        assertThat(byType.get("STORE_SILENT").getStoreId()).isEqualTo("store-0002");
        assertThat(byType.get("STORE_SILENT").getTeam()).isEqualTo("team-stores-east");
        assertThat(byType.get("DUPLICATE_MESSAGE").getMessageId()).isEqualTo("m3");
        assertThat(byType.get("LATE_DATA").getMessageId()).isEqualTo("tardy");
        assertThat(byType.get("INSUFFICIENT_DATA_POINTS").getMessageId()).isEqualTo("few");
        assertThat(byType.get("OUT_OF_RANGE").getDetails()).containsEntry("value", "90");
        assertThat(byType.get("UNKNOWN_STORE").getTeam()).isEqualTo("data-platform");
        assertThat(byType.get("MALFORMED_RECORD").getDetails()).containsEntry("raw_excerpt", "{not json");
        assertThat(events).allSatisfy(keyed -> {
          assertThat(keyed.key()).isEqualTo(keyed.event().getStoreId() == null ? "_unknown" : keyed.event().getStoreId());
          assertThat(keyed.event().getJob()).isEqualTo("sensor-ingest");
          assertThat(keyed.event().getEnv()).isEqualTo("test");
        });

        List<Row> curated = spark.read().format("delta").load(fixture.curatedPath().toString()).collectAsList();
        assertThat(curated.stream().map(r -> r.<String>getAs("message_id")).distinct().sorted())
            .containsExactly("few", "hot", "m0", "m1", "m2", "m3", "m4", "quiet", "stranger");
        assertThat(curated).hasSize(5 * 10 + 10 + 3 + 10 + 10);
        assertThat(curated).filteredOn(r -> "m0".equals(r.getAs("message_id")))
            .allSatisfy(r -> assertThat(r.<String>getAs("team")).isEqualTo("team-stores-north"));
      } finally {
        query.stop();
      }
    }
  }

  @Test
  void aQueryThatDiesEndsTheJobWithExitCodeOneAndSaysWhy(KafkaBroker kafka, SchemaRegistryServer registry,
      @TempDir Path dir) throws Exception {
    try (IngestFixture fixture = new IngestFixture(kafka, registry, dir, 1)) {
      List<String> args = new java.util.ArrayList<>();
      fixture.settings("checkpoint", Map.of("kafka.max.block.ms", "2000")).forEach((key, value) -> {
        args.add("--conf");
        args.add(key + "=" + value);
      });
      java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
      java.util.concurrent.CompletableFuture<Integer> exit = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> IngestJob.run(args.toArray(String[]::new), Map.of(), new java.io.PrintStream(err, true)));
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
          .until(() -> spark.streams().active().length > 0);

      // A file where the curated table should be (the job created the table at start-up, so it goes
      // first): the next batch cannot write its rows. (An unwritable outbox is retried for
      // outbox.max-outage and ends with exit code 3: OutboxOutageIT.)
      try (java.util.stream.Stream<Path> table = java.nio.file.Files.walk(fixture.curatedPath())) {
        table.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
      java.nio.file.Files.writeString(fixture.curatedPath(), "not a folder");
      fixture.send("s-1", message("few", "store-0001", "s-1", T0, 2));

      assertThat(exit.get(2, java.util.concurrent.TimeUnit.MINUTES)).isEqualTo(1);
      assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
          .contains("the streaming query died").contains(dir.resolve("checkpoint").toString());
    }
  }

  @Test
  void refusesToStartWhenTheSourceTopicDoesNotExist(KafkaBroker kafka, SchemaRegistryServer registry,
      @TempDir Path dir) {
    try (IngestFixture fixture = new IngestFixture(kafka, registry, dir, 1)) {
      assertThatThrownBy(() -> IngestJob.start(spark, fixture.config("cp", Map.of("source.topic", "no-such-topic"))))
          .isInstanceOf(StartupException.class)
          .hasMessageContaining("no-such-topic does not exist")
          .hasMessageContaining("source.topic");
    }
  }

  @Test
  void refusesACheckpointWithAnEarlierVersionsDriverSideArrivalStateAndSaysWhatToDo(KafkaBroker kafka,
      SchemaRegistryServer registry, @TempDir Path dir) throws Exception {
    try (IngestFixture fixture = new IngestFixture(kafka, registry, dir, 1)) {
      java.nio.file.Files.createDirectories(dir.resolve("old-checkpoint").resolve("dqnotify-arrivals"));
      assertThatThrownBy(() -> IngestJob.start(spark, fixture.config("old-checkpoint", Map.of())))
          .isInstanceOf(StartupException.class)
          .hasMessageContaining("dqnotify-arrivals")
          .hasMessageContaining("fresh checkpoint.path");
      assertThat(spark.streams().active()).isEmpty();
    }
  }

  @Test
  void refusesToStartWhenTheRegistryDoesNotAnswer(KafkaBroker kafka, SchemaRegistryServer registry,
      @TempDir Path dir) {
    try (IngestFixture fixture = new IngestFixture(kafka, registry, dir, 1)) {
      assertThatThrownBy(() -> IngestJob.start(spark,
          fixture.config("cp", Map.of("schema-registry.url", "http://127.0.0.1:9/apis/ccompat/v7"))))
          .isInstanceOf(StartupException.class)
          .hasMessageContaining("127.0.0.1:9")
          .hasMessageContaining("schema-registry.url");
    }
  }
}
