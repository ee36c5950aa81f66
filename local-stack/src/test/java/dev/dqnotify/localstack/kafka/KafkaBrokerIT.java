package dev.dqnotify.localstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerIT {

  @TempDir Path workDir;

  @Test
  void storesRecordsAcrossARestartAndLeavesNoProcessBehind() throws Exception {
    long firstPid;
    long secondPid;
    String bootstrap;
    try (KafkaBroker broker = KafkaBroker.start(workDir)) {
      bootstrap = broker.bootstrapServers();
      broker.createTopics(2, "lifecycle");
      produce(bootstrap, "lifecycle", "k1", "before-restart");
      firstPid = broker.pid();

      broker.stop();
      assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
      assertThat(accepts(bootstrap)).as("port closed while stopped").isFalse();

      broker.start();
      secondPid = broker.pid();
      produce(bootstrap, "lifecycle", "k2", "after-restart");
      assertThat(readAll(bootstrap, "lifecycle", 2)).containsExactlyInAnyOrder("before-restart", "after-restart");
    }
    assertThat(ProcessHandle.of(secondPid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    assertThat(accepts(bootstrap)).as("port closed after close()").isFalse();
  }

  @Test
  void createsTopicsWithEveryPartitionLed() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start(workDir)) {
      broker.createTopics(3, Map.of("cleanup.policy", "compact"), "ledger-a", "ledger-b");
      broker.createTopics(3, "ledger-a"); // creating again is harmless
      try (var admin = broker.admin()) {
        var descriptions = admin.describeTopics(List.of("ledger-a", "ledger-b")).allTopicNames().get(10, TimeUnit.SECONDS);
        assertThat(descriptions.get("ledger-a").partitions()).hasSize(3).allMatch(p -> p.leader() != null);
        var config = admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
            org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "ledger-b"))).all().get(10, TimeUnit.SECONDS);
        assertThat(config.values().iterator().next().get("cleanup.policy").value()).isEqualTo("compact");
      }
    }
  }

  static void produce(String bootstrap, String topic, String key, String value) throws Exception {
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }
  }

  static List<String> readAll(String bootstrap, String topic, int expected) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<String> values = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }

  static boolean accepts(String hostPort) {
    String[] parts = hostPort.split(":");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(parts[0], Integer.parseInt(parts[1])), 500);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
