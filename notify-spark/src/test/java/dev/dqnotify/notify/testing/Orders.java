package dev.dqnotify.notify.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Orders for the example job, and the outbox records it writes, through the real broker. */
public final class Orders {

  private Orders() {}

  /** The example's four orders: fine, negative amount, no customer, and both. */
  public static List<String> sample() {
    return List.of(
        order("o-1", "\"c-1\"", 20.0),
        order("o-2", "\"c-2\"", -12.5),
        order("o-3", "null", 5.0),
        order("o-4", "null", -1.0));
  }

  private static String order(String id, String customer, double amount) {
    return "{\"order_id\":\"" + id + "\",\"customer_id\":" + customer + ",\"amount\":" + amount
        + ",\"currency\":\"EUR\",\"ordered_at\":\"2026-12-03T10:00:00Z\"}";
  }

  /** Writes {@code json} to {@code topic}, each send checked (KAFKA-15591). */
  public static void produce(String bootstrap, String topic, List<String> json) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
      for (String value : json) {
        producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Polls {@code topic} from the start until {@code count} records arrived or {@code timeout} passed. */
  public static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic, int count, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
    }
    return records;
  }

  /** A record's key as text. */
  public static String key(ConsumerRecord<byte[], byte[]> record) {
    return new String(record.key(), StandardCharsets.UTF_8);
  }
}
