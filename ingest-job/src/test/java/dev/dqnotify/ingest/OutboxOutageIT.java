package dev.dqnotify.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.ingest.testing.IngestFixture;
import dev.dqnotify.ingest.testing.OutboxReader;
import dev.dqnotify.ingest.testing.OutboxReader.Keyed;
import dev.dqnotify.ingest.testing.SparkTestSession;
import dev.dqnotify.localstack.junit.LocalStackExtension;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox's broker stopped under the running job. The outbox lives on a broker of its own
 * ({@code outbox.bootstrap-servers}), so the source stays readable and only the outbox write is hit.
 */
@ExtendWith(LocalStackExtension.class)
class OutboxOutageIT {
  /** The producer gives a record up after 4 s (default 120 s): the outages below last longer. */
  private static final Map<String, String> SHORT_PRODUCER_TIMEOUTS = Map.of(
      "kafka.delivery.timeout.ms", "4000", "kafka.request.timeout.ms", "2000", "kafka.max.block.ms", "3000");
  private static final Duration OUTAGE = Duration.ofSeconds(12);
  private final SparkSession spark = SparkTestSession.get();

  @Test
  void ridesOutAnOutageLongerThanTheProducersTimeoutsAndWritesEveryEventOnce(KafkaBroker kafka,
      SchemaRegistryServer registry, @TempDir Path dir) throws Exception {
    try (IngestFixture fixture = new IngestFixture(kafka, registry, dir, 1);
        KafkaBroker outboxKafka = outboxBroker(fixture, dir)) {
      StreamingQuery query = IngestJob.start(spark, fixture.config("checkpoint", settings(outboxKafka, "90s")));
      try (OutboxReader outbox = new OutboxReader(outboxKafka.bootstrapServers(), fixture.outboxTopic,
          registry.confluentApiUrl())) {
        sendMalformed(fixture, 0, 3);
        outbox.readUntil(events -> events.size() >= 3, Duration.ofSeconds(60));

        outboxKafka.stop();
        sendMalformed(fixture, 3, 7);
        // The length of the outage is the scenario: longer than the producer's delivery timeout.
        Awaitility.await().pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(5)).until(() -> true);
        assertThat(query.isActive()).as("the query waits for the outbox instead of dying").isTrue();
        outboxKafka.start();

        outbox.readUntil(events -> events.size() >= 7, Duration.ofSeconds(90));
        query.processAllAvailable();
        List<Keyed> events = outbox.readFor(Duration.ofSeconds(2));

        Map<String, Long> copies = events.stream()
            .collect(Collectors.groupingBy(keyed -> keyed.event().getEventId(), Collectors.counting()));
        assertThat(copies).as("7 events, each written once").hasSize(7).allSatisfy((id, n) -> assertThat(n).isOne());
        assertThat(query.exception().isDefined()).isFalse();
        assertThat(query.isActive()).isTrue();
        List<StreamingQueryProgress> batches = List.of(query.recentProgress());
        assertThat(batches).as("the batch that wrote during the outage waited it out")
            .anySatisfy(p -> assertThat(p.batchDuration()).isGreaterThan(OUTAGE.toMillis() - 2_000));
      } finally {
        query.stop();
      }
    }
  }

  @Test
  void stopsWithExitCodeThreeBeyondTheBoundAndTheRestartedJobWritesTheSameIds(KafkaBroker kafka,
      SchemaRegistryServer registry, @TempDir Path dir) throws Exception {
    try (IngestFixture fixture = new IngestFixture(kafka, registry, dir, 1);
        KafkaBroker outboxKafka = outboxBroker(fixture, dir)) {
      Map<String, String> settings = fixture.settings("checkpoint", settings(outboxKafka, "8s"));
      List<String> args = new ArrayList<>();
      settings.forEach((key, value) -> {
        args.add("--conf");
        args.add(key + "=" + value);
      });
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
          () -> IngestJob.run(args.toArray(String[]::new), Map.of(), new PrintStream(err, true)));
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> spark.streams().active().length > 0);

      outboxKafka.stop();
      sendMalformed(fixture, 0, 2);

      assertThat(exit.get(2, TimeUnit.MINUTES)).isEqualTo(3);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("could not be written for 8 s (outbox.max-outage)")
          .contains("2 of 2 DqEvents of the batch not acknowledged")
          .contains("writes the same event ids")
          .contains(dir.resolve("checkpoint").toString());

      outboxKafka.start();
      StreamingQuery restarted = IngestJob.start(spark, fixture.config("checkpoint", settings(outboxKafka, "8s")));
      try (OutboxReader outbox = new OutboxReader(outboxKafka.bootstrapServers(), fixture.outboxTopic,
          registry.confluentApiUrl())) {
        List<Keyed> events = outbox.readUntil(e -> e.size() >= 2, Duration.ofSeconds(90));
        assertThat(events).extracting(keyed -> keyed.event().getSource().getOffset())
            .as("the failed batch ran again").containsExactlyInAnyOrder(0L, 1L);
      } finally {
        restarted.stop();
      }
    }
  }

  /** A broker of its own for the outbox, with the fixture's outbox topic. */
  private static KafkaBroker outboxBroker(IngestFixture fixture, Path dir) {
    KafkaBroker broker = KafkaBroker.start(dir.resolve("outbox-kafka"));
    broker.createTopics(2, fixture.outboxTopic);
    return broker;
  }

  private static Map<String, String> settings(KafkaBroker outboxKafka, String maxOutage) {
    Map<String, String> settings = new HashMap<>(SHORT_PRODUCER_TIMEOUTS);
    settings.put("outbox.bootstrap-servers", outboxKafka.bootstrapServers());
    settings.put("outbox.max-outage", maxOutage);
    return settings;
  }

  /** Values that are not JSON, at the given offsets of the one raw partition: one MALFORMED_RECORD each. */
  private static void sendMalformed(IngestFixture fixture, int from, int to) {
    for (int i = from; i < to; i++) {
      fixture.send("s-1", "{not json " + i);
    }
  }
}
