package dev.dqnotify.ingest.testing;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads and decodes everything on an outbox topic, as an independent consumer. */
public final class OutboxReader implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final AvroWireCodec<DqEvent> codec;
  private final List<Keyed> events = new ArrayList<>();

  /** One decoded record with its key. */
  public record Keyed(String key, DqEvent event) {}

  public OutboxReader(String bootstrapServers, String topic, String registryUrl) {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "outbox-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    codec = AvroWireCodec.forDqEvents(new SchemaRegistryClient(SchemaRegistryConfig.of(registryUrl)),
        RegistrationMode.LOOKUP_ONLY);
  }

  /** Polls until {@code done} holds for everything read so far, or fails after {@code timeout}. */
  public List<Keyed> readUntil(Predicate<List<Keyed>> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(events)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Outbox did not reach the expected state within " + timeout + "; read "
            + events.size() + " events: " + countsByType(events));
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        events.add(new Keyed(record.key(), codec.decode(record.value())));
      }
    }
    return List.copyOf(events);
  }

  /** Keeps reading for {@code quiet} and returns everything (to check that nothing more arrives). */
  public List<Keyed> readFor(Duration quiet) {
    long end = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() < end) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        events.add(new Keyed(record.key(), codec.decode(record.value())));
      }
    }
    return List.copyOf(events);
  }

  public static Map<String, Long> countsByType(List<Keyed> events) {
    return events.stream().collect(Collectors.groupingBy(k -> k.event().getEventType().name(), Collectors.counting()));
  }

  @Override
  public void close() {
    consumer.close();
  }
}
