package dev.dqnotify.bench.forwarder;

import dev.dqnotify.forwarder.Forwarder;
import dev.dqnotify.forwarder.ForwarderConfig;
import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An outbox topic on the local stack preloaded with DqEvents written as the ingest job writes them
 * (Confluent wire format, keyed by store id), and forwarders started in this JVM against it and the
 * Datadog simulator.
 */
final class OutboxFixture {

  private static final int PARTITIONS = 6;

  private final LocalStack stack;
  private final String topic;

  /** Creates the topic (and its dead-letter topic) up front, as KAFKA-15591 requires. */
  OutboxFixture(LocalStack stack, String name) {
    this.stack = stack;
    this.topic = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    stack.kafka().createTopics(PARTITIONS, topic, topic + "-dlq");
  }

  String topic() {
    return topic;
  }

  /** Writes {@code count} events detected now; every send is checked. */
  void preload(int count) {
    AvroWireCodec<DqEvent> codec = AvroWireCodec.forDqEvents(
        new SchemaRegistryClient(SchemaRegistryConfig.of(stack.schemaRegistry().confluentApiUrl())));
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    Instant now = Instant.now();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
        new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>(count);
      for (int n = 0; n < count; n++) {
        DqEvent event = BenchEvents.event(topic, n, now);
        sent.add(producer.send(new ProducerRecord<>(topic, event.getStoreId(), codec.encode(event))));
      }
      for (Future<RecordMetadata> future : sent) {
        future.get(60, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not preload " + topic, e);
    }
  }

  /**
   * Starts a forwarder of a new consumer group (so it reads the topic from its start) with
   * {@code extra} settings over the defaults plus short shutdown and commit intervals.
   */
  Forwarder startForwarder(Map<String, String> extra) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("consume.bootstrap-servers", stack.kafka().bootstrapServers());
    settings.put("consume.topic", topic);
    settings.put("consume.group-id", "bench-" + UUID.randomUUID());
    settings.put("dlq.topic", topic + "-dlq");
    settings.put("schema-registry.url", stack.schemaRegistry().confluentApiUrl());
    settings.put("datadog.site", stack.datadog().baseUrl());
    settings.put("datadog.allow-plain-http", "true"); // the simulator speaks http
    settings.put("telemetry.http-port", "0");
    // Closing a measured forwarder abandons what is in flight: the measurement is over.
    settings.put("shutdown.deadline", "0s");
    settings.putAll(extra);
    return Forwarder.start(ForwarderConfig.load(null, Map.of(), settings),
        Map.of("DD_API_KEY", LocalStack.SIMULATOR_API_KEY), Clock.systemUTC());
  }
}
