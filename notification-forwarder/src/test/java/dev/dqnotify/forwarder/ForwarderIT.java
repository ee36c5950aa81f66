package dev.dqnotify.forwarder;

import static dev.dqnotify.forwarder.testing.ForwarderHarness.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dqnotify.forwarder.testing.ForwarderHarness;
import dev.dqnotify.forwarder.testing.ForwarderScenario;
import dev.dqnotify.forwarder.testing.TestEvents;
import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.datadog.ReceivedEvent;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import dev.dqnotify.schemas.DqEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** The forwarder in this JVM against the real broker, the real registry and the Datadog simulator. */
class ForwarderIT extends ForwarderScenario {

  /** Datadog's tag rules: starts with a letter; letters, digits, {@code _ - : . /}; lower case; at most 200. */
  private static final Pattern VALID_TAG = Pattern.compile("[a-z][a-z0-9_\\-:./]{0,199}");


  ForwarderIT(KafkaBroker kafka, SchemaRegistryServer registry, DatadogSimulator datadog) {
    super(kafka, registry, datadog, 3);
  }

  /** Delivers one event so the forwarder is in its group and has talked to Datadog before a fault is set. */
  private void warmUp(String id) {
    harness.produce(List.of(TestEvents.event(id, "store-0001")));
    harness.awaitDelivered(List.of(id));
  }

  @Test
  void deliversEveryEventExactlyOnceRenderedWithValidTags() throws Exception {
    Forwarder forwarder = harness.start(Map.of());
    List<DqEvent> events = TestEvents.events("e2e", 30, 7);

    harness.produce(events);

    harness.awaitDelivered(TestEvents.ids(events));
    harness.awaitEverythingCommitted();
    assertThat(harness.deliveredCounts()).hasSize(30).allSatisfy((id, count) -> assertThat(count).isOne());
    for (ReceivedEvent received : datadog.acceptedEvents()) {
      DqEvent event = events.stream().filter(e -> ForwarderHarness.notificationId(received).orElseThrow()
          .equals(e.getEventId())).findFirst().orElseThrow();
      assertThat(received.title()).isNotBlank().hasSizeLessThanOrEqualTo(100);
      assertThat(received.text()).startsWith("%%%").endsWith("%%%").contains(event.getEventId());
      assertThat(received.alertType()).isEqualTo("warning");
      assertThat(received.tags()).allMatch(t -> VALID_TAG.matcher(t).matches(), "valid Datadog tags")
          .contains("source:dqnotify", "team:climate", "env:dev", "job:sensor-ingest", "severity:warning",
              "event_type:insufficient_data_points", "store:" + event.getStoreId());
    }
    assertThat(harness.deadLetters()).isEmpty();

    HttpClient http = HttpClient.newHttpClient();
    URI base = URI.create("http://127.0.0.1:" + forwarder.telemetryPort());
    assertThat(get(http, base.resolve("/health")).statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get(http, base.resolve("/ready"));
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(get(http, base.resolve("/metrics")).body())
        .contains("dqnotify_forwarder_events_consumed_total 30.0")
        .contains("dqnotify_forwarder_events_decoded_total 30.0")
        .contains("dqnotify_forwarder_dedupe_entries 30.0")
        .contains("dqnotify_forwarder_events_posted_total 30.0")
        .contains("dqnotify_forwarder_in_flight 0.0")
        .contains("dqnotify_forwarder_datadog_latency_seconds_count")
        .contains("dqnotify_forwarder_consumer_lag{partition=\"0\",topic=\"" + harness.topic() + "\"}");
  }

  @Test
  void ridesOutAnOutageOf500sWithoutLosingAnythingOrLeavingTheGroup() {
    // A short poll interval: a consumer that stopped polling while Datadog is down would be thrown
    // out of the group (and the partitions reassigned) within the outage.
    Forwarder forwarder = harness.start(Map.of("kafka.max.poll.interval.ms", "3000"));
    warmUp("outage-warm-up");
    datadog.faults().statusFor(500, Duration.ofSeconds(7));
    List<DqEvent> events = TestEvents.events("outage", 20, 5);

    harness.produce(events);

    await().atMost(PATIENCE).until(() -> forwarder.meterRegistry().get("dqnotify.forwarder.consumer.paused").gauge()
        .value() == 1.0);
    harness.awaitDelivered(TestEvents.ids(events));
    assertThat(datadog.responsesByStatus()).containsKey(500);
    assertThat(harness.deliveredCounts()).hasSize(21).allSatisfy((id, count) -> assertThat(count).isOne());
    assertThat(forwarder.metrics().assignments()).as("assignments: the consumer never left the group").isEqualTo(1.0);
    assertThat(harness.deadLetters()).isEmpty();
    harness.awaitEverythingCommitted();
  }

  @Test
  void waitsAtLeastTheRateLimitResetBeforeTryingAgain() {
    harness.start(Map.of());
    warmUp("rate-warm-up");
    datadog.faults().rateLimitNext(1, 3);
    Instant limited = Instant.now();

    harness.produce(List.of(TestEvents.event("rate-limited", "store-0002")));

    harness.awaitDelivered(List.of("rate-limited"));
    ReceivedEvent delivered = datadog.acceptedEvents().stream()
        .filter(e -> ForwarderHarness.notificationId(e).orElse("").equals("rate-limited")).findFirst().orElseThrow();
    assertThat(delivered.receivedAt()).isAfterOrEqualTo(limited.plusSeconds(3));
    assertThat(datadog.responsesByStatus()).containsEntry(429, 1);
    assertThat(harness.deliveredCounts()).containsEntry("rate-limited", 1);
  }

  @Test
  void deadLettersWhatDatadogRejectsWithItsAnswerAndCarriesOn() {
    harness.start(Map.of());
    warmUp("reject-warm-up");
    datadog.faults().statusForNext(400, 1);
    DqEvent rejected = TestEvents.event("rejected", "store-0400");

    RecordMetadata where = harness.produce(List.of(rejected)).get("rejected");
    await().atMost(PATIENCE).until(() -> harness.deadLetters().size() == 1);
    List<DqEvent> later = TestEvents.events("after-reject", 5, 3);
    harness.produce(later);

    harness.awaitDelivered(TestEvents.ids(later));
    ConsumerRecord<byte[], byte[]> letter = harness.deadLetters().get(0);
    assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("store-0400");
    assertThat(harness.decode(letter.value())).isEqualTo(rejected);
    assertThat(ForwarderHarness.headers(letter))
        .containsEntry("dqnotify.errors.topic", harness.topic())
        .containsEntry("dqnotify.errors.partition", Integer.toString(where.partition()))
        .containsEntry("dqnotify.errors.offset", Long.toString(where.offset()))
        .containsEntry("dqnotify.errors.stage", "deliver")
        .containsEntry("dqnotify.errors.http.status", "400")
        .containsKeys("dqnotify.errors.exception.class", "dqnotify.errors.exception.message",
            "dqnotify.errors.http.body");
    assertThat(harness.deliveredCounts()).doesNotContainKey("rejected");
    harness.awaitEverythingCommitted();
  }

  @Test
  void pausesWhileTheKeyIsRejectedLosingNothingAndResumesWhenItIsFixed() throws Exception {
    Forwarder forwarder = harness.start(Map.of());
    warmUp("key-warm-up");
    datadog.setApiKey("rotated-key-the-forwarder-does-not-have");
    List<DqEvent> events = TestEvents.events("key", 10, 4);

    harness.produce(events);

    await().atMost(PATIENCE).until(() -> datadog.responsesByStatus().getOrDefault(403, 0) >= 3
        && forwarder.meterRegistry().get("dqnotify.forwarder.consumer.paused").gauge().value() == 1.0);
    assertThat(harness.deliveredCounts()).containsOnlyKeys("key-warm-up");
    assertThat(harness.deadLetters()).isEmpty();
    HttpResponse<String> ready = get(HttpClient.newHttpClient(),
        URI.create("http://127.0.0.1:" + forwarder.telemetryPort() + "/ready"));
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("API key");

    datadog.setApiKey(LocalStack.SIMULATOR_API_KEY);

    harness.awaitDelivered(TestEvents.ids(events));
    assertThat(harness.deliveredCounts()).hasSize(11).allSatisfy((id, count) -> assertThat(count).isOne());
    assertThat(harness.deadLetters()).isEmpty();
    harness.awaitEverythingCommitted();
  }

  @Test
  void deadLettersGarbageAndTombstonesAndDeliversWhatFollows() {
    harness.start(Map.of());
    RecordMetadata garbage = harness.produceRaw("store-0009", "{\"this\":\"is json, not avro\"}".getBytes(
        StandardCharsets.UTF_8));
    harness.produceRaw("store-0009", null);
    DqEvent after = TestEvents.event("after-garbage", "store-0009");
    harness.produce(List.of(after));

    harness.awaitDelivered(List.of("after-garbage"));
    await().atMost(PATIENCE).until(() -> harness.deadLetters().size() == 2);
    List<Map<String, String>> letters = harness.deadLetters().stream().map(ForwarderHarness::headers).toList();
    assertThat(letters).allSatisfy(h -> assertThat(h).containsEntry("dqnotify.errors.stage", "decode")
        .doesNotContainKey("dqnotify.errors.http.status"));
    assertThat(letters).anySatisfy(h -> assertThat(h)
        .containsEntry("dqnotify.errors.offset", Long.toString(garbage.offset()))
        .containsEntry("dqnotify.errors.exception.class", "dev.dqnotify.schemas.codec.WireFormatException")
        .hasEntrySatisfying("dqnotify.errors.exception.message", m -> assertThat(m).contains("magic byte")));
    harness.awaitEverythingCommitted();
  }

  @Test
  void stopsWithTheFixWhenTheDeadLetterTopicRefusesARecordAndWritesItAfterTheFix() throws Exception {
    // A dead-letter topic that refuses every record (too large for it) until an operator fixes it.
    String deadLetterTopic = harness.topic() + "-strict-dlq";
    kafka.createTopics(1, Map.of("max.message.bytes", "64"), deadLetterTopic);
    Forwarder first = harness.start(Map.of("dlq.topic", deadLetterTopic));
    RecordMetadata garbage = harness.produceRaw("store-0005", "not a DqEvent at all, and long enough".getBytes(
        StandardCharsets.UTF_8));
    harness.produce(List.of(TestEvents.event("behind-garbage", "store-0005")));

    // Going on past a record that can never finish would only grow what is posted again after a
    // restart: the forwarder stops, saying what to fix, and commits nothing past that record.
    assertThat(first.terminated()).failsWithin(PATIENCE)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause().isInstanceOfSatisfying(dev.dqnotify.forwarder.dlq.DeadLetterRefusedException.class,
            refused -> assertThat(refused.permanent()).isTrue())
        .withMessageContaining(deadLetterTopic).withMessageContaining("max.message.bytes");
    first.close();
    TopicPartition partition = new TopicPartition(garbage.topic(), garbage.partition());
    assertThat(harness.committedOffsets().getOrDefault(partition, 0L))
        .as("not committed past the record whose dead letter is not written").isLessThanOrEqualTo(garbage.offset());
    assertThat(harness.records(deadLetterTopic)).isEmpty();

    try (Admin admin = kafka.admin()) {
      admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, deadLetterTopic),
          List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1048576"), AlterConfigOp.OpType.SET))))
          .all().get(10, TimeUnit.SECONDS);
    }
    harness.start(Map.of("dlq.topic", deadLetterTopic));

    harness.awaitDelivered(List.of("behind-garbage"));
    harness.awaitEverythingCommitted();
    assertThat(harness.records(deadLetterTopic)).singleElement()
        .satisfies(letter -> assertThat(ForwarderHarness.headers(letter))
            .containsEntry("dqnotify.errors.offset", Long.toString(garbage.offset())));
  }

  @Test
  void collectsADigestAndTagsOldEventsAsBackfill() {
    harness.start(Map.of("group.mode", "digest", "group.wait", "1s"));
    List<DqEvent> digest = TestEvents.events("digest", 5, 1);
    DqEvent old = DqEvent.newBuilder(TestEvents.event("backfilled", "store-0777"))
        .setDetectedAt(Instant.now().minus(Duration.ofDays(3))).setEventTime(null).build();

    harness.produce(digest);
    harness.produce(List.of(old));

    await().atMost(PATIENCE).until(() -> datadog.acceptedEvents().size() == 2);
    harness.awaitEverythingCommitted();
    ReceivedEvent combined = datadog.acceptedEvents().stream().filter(e -> e.tags().contains("store:store-0000"))
        .findFirst().orElseThrow();
    assertThat(combined.text()).contains(TestEvents.ids(digest).toArray(String[]::new));
    assertThat(combined.tags()).doesNotContain("backfill:true");
    ReceivedEvent backfilled = datadog.acceptedEvents().stream().filter(e -> e.tags().contains("store:store-0777"))
        .findFirst().orElseThrow();
    assertThat(backfilled.tags()).contains("backfill:true");
    assertThat(harness.deadLetters()).isEmpty();
  }

  private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
