package dev.dqnotify.forwarder.testing;

import static org.awaitility.Awaitility.await;

import dev.dqnotify.forwarder.Forwarder;
import dev.dqnotify.forwarder.ForwarderConfig;
import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.datadog.ReceivedEvent;
import dev.dqnotify.localstack.junit.MutableClock;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One forwarder scenario on the real local stack: its own outbox and dead-letter topics (created up
 * front, KAFKA-15591) and consumer group, a producer writing DqEvents with the schemas codec as the
 * ingest job does, forwarders started in this JVM, and readers of what arrived where.
 */
public final class ForwarderHarness implements AutoCloseable {

  /** Deadline of every wait in the forwarder's integration tests. */
  public static final Duration PATIENCE = Duration.ofSeconds(45);

  private final KafkaBroker kafka;
  private final SchemaRegistryServer registry;
  private final DatadogSimulator datadog;
  private final String topic;
  private final String deadLetterTopic;
  private final String groupId;
  private final AvroWireCodec<DqEvent> codec;
  private final KafkaProducer<String, byte[]> producer;
  private final List<Forwarder> started = new ArrayList<>();

  /** Creates the scenario's topics with {@code partitions} partitions each. */
  public ForwarderHarness(KafkaBroker kafka, SchemaRegistryServer registry, DatadogSimulator datadog, int partitions) {
    this.kafka = kafka;
    this.registry = registry;
    this.datadog = datadog;
    String unique = UUID.randomUUID().toString().substring(0, 8);
    this.topic = "dq-events-" + unique;
    this.deadLetterTopic = topic + "-dlq";
    this.groupId = "dq-forwarder-" + unique;
    kafka.createTopics(partitions, topic, deadLetterTopic);
    this.codec = AvroWireCodec.forDqEvents(new SchemaRegistryClient(SchemaRegistryConfig.of(registry.confluentApiUrl())));
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /** The outbox topic. */
  public String topic() {
    return topic;
  }

  /** The consumer group of the scenario's forwarders. */
  public String groupId() {
    return groupId;
  }

  /** Settings of a forwarder of this scenario: quick commits, short backoffs, any free telemetry port. */
  public Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("consume.bootstrap-servers", kafka.bootstrapServers());
    settings.put("consume.topic", topic);
    settings.put("consume.group-id", groupId);
    settings.put("consume.commit-interval", "100ms");
    settings.put("consume.revoke-grace", "2s");
    settings.put("dlq.topic", deadLetterTopic);
    settings.put("dlq.retry-backoff", "100ms");
    settings.put("schema-registry.url", registry.confluentApiUrl());
    settings.put("datadog.site", datadog.baseUrl());
    settings.put("datadog.allow-plain-http", "true"); // the simulator speaks http
    settings.put("datadog.auth-probe-interval", "300ms");
    settings.put("deliver.backoff.initial", "100ms");
    settings.put("deliver.backoff.max", "1s");
    settings.put("telemetry.http-port", "0");
    settings.put("shutdown.deadline", "10s");
    return settings;
  }

  /** Starts a forwarder in this JVM with the scenario's settings plus {@code extra}; closed with the harness. */
  public Forwarder start(Map<String, String> extra) {
    return start(extra, Clock.systemUTC());
  }

  /** {@link #start(Map)} on {@code clock}, e.g. a {@link MutableClock} that reaches a silence's end at once. */
  public Forwarder start(Map<String, String> extra, Clock clock) {
    Map<String, String> settings = settings();
    settings.putAll(extra);
    Forwarder forwarder = Forwarder.start(ForwarderConfig.load(null, Map.of(), settings), environment(), clock);
    started.add(forwarder);
    return forwarder;
  }

  /** The environment a forwarder of the scenario gets: the simulator's API key as {@code DD_API_KEY}. */
  public static Map<String, String> environment() {
    return Map.of("DD_API_KEY", LocalStack.SIMULATOR_API_KEY);
  }

  /** Starts a forwarder and waits until the group gave it partitions. */
  public Forwarder startAndAwaitAssignment(Map<String, String> extra) {
    Forwarder forwarder = start(extra);
    await().atMost(PATIENCE).until(() -> forwarder.assignedPartitions() > 0);
    return forwarder;
  }

  /** Writes the events keyed by store id, as the ingest job does; returns where each landed, by event id. */
  public Map<String, RecordMetadata> produce(Collection<DqEvent> events) {
    Map<String, RecordMetadata> where = new LinkedHashMap<>();
    for (DqEvent event : events) {
      String key = Optional.ofNullable(event.getStoreId()).orElse("_unknown");
      where.put(event.getEventId(), send(key, codec.encode(event)));
    }
    return where;
  }

  /**
   * Writes the events with record time {@code timestamp}, as if the ingest job had written them
   * then; returns where each landed, by event id (a repeated id: its last copy).
   */
  public Map<String, RecordMetadata> produceAt(Instant timestamp, Collection<DqEvent> events) {
    Map<String, RecordMetadata> where = new LinkedHashMap<>();
    for (DqEvent event : events) {
      String key = Optional.ofNullable(event.getStoreId()).orElse("_unknown");
      where.put(event.getEventId(), send(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key,
          codec.encode(event))));
    }
    return where;
  }

  /** Decodes a value the way any Confluent reader would. */
  public DqEvent decode(byte[] value) {
    return codec.decode(value);
  }

  /** Writes arbitrary bytes, e.g. garbage that is not a DqEvent. */
  public RecordMetadata produceRaw(String key, byte[] value) {
    return send(key, value);
  }

  private RecordMetadata send(String key, byte[] value) {
    return send(new ProducerRecord<>(topic, key, value));
  }

  private RecordMetadata send(ProducerRecord<String, byte[]> record) {
    try {
      // Every send is checked: a record silently lost by the test producer would look like a forwarder bug.
      return producer.send(record).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not write to " + topic, e);
    }
  }

  /** How often Datadog accepted each notification id (PER_EVENT: the event id). */
  public Map<String, Integer> deliveredCounts() {
    Map<String, Integer> counts = new HashMap<>();
    for (ReceivedEvent event : datadog.acceptedEvents()) {
      notificationId(event).ifPresent(id -> counts.merge(id, 1, Integer::sum));
    }
    return counts;
  }

  /** The notification id a Datadog event carries in its {@code notification_id:} tag. */
  public static Optional<String> notificationId(ReceivedEvent event) {
    return event.tags().stream().filter(t -> t.startsWith("notification_id:"))
        .map(t -> t.substring("notification_id:".length())).findFirst();
  }

  /** Waits until every id was delivered at least once. */
  public void awaitDelivered(Collection<String> ids) {
    await().atMost(PATIENCE).untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(deliveredCounts())
        .containsKeys(ids.toArray(String[]::new)));
  }

  /** Waits until the group committed every partition up to its end. */
  public void awaitEverythingCommitted() {
    await().atMost(PATIENCE).until(() -> committedOffsets().equals(endOffsets()));
  }

  /** Every record in the dead-letter topic now. */
  public List<ConsumerRecord<byte[], byte[]>> deadLetters() {
    return records(deadLetterTopic);
  }

  /** Every record in {@code topic} now. */
  public List<ConsumerRecord<byte[], byte[]>> records(String topic) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /** The {@code dqnotify.errors.*} and other headers of a record, as text. */
  public static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> result = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      result.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return result;
  }

  /** The group's committed offsets of the outbox topic. */
  public Map<TopicPartition, Long> committedOffsets() {
    try (Admin admin = kafka.admin()) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
          .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      return committed.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (Exception e) {
      throw new IllegalStateException("could not read the offsets of group " + groupId, e);
    }
  }

  /** The end offsets of the outbox topic's partitions (those that hold records). */
  public Map<TopicPartition, Long> endOffsets() {
    try (Admin admin = kafka.admin()) {
      int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
          .get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).entrySet().stream()
          .filter(e -> e.getValue().offset() > 0)
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (Exception e) {
      throw new IllegalStateException("could not read the end offsets of " + topic, e);
    }
  }

  /** Closes the forwarders started here (gracefully) and the producer. */
  @Override
  public void close() {
    started.forEach(Forwarder::close);
    producer.close(Duration.ofSeconds(5));
  }
}
