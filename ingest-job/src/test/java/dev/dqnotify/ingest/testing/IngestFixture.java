package dev.dqnotify.ingest.testing;

import dev.dqnotify.ingest.IngestJobConfig;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One ingest job's surroundings on the local stack: its own topics (fresh names per test), store
 * metadata, output folders, and the settings that point the job at them.
 */
public final class IngestFixture implements AutoCloseable {
  public static final String STORES_CSV = String.join("\n",
      "store_id,name,size_class,region,team,timezone",
      "store-0001,Hamburg Altona,S,north,team-stores-north,Europe/Berlin",
      "store-0002,Berlin Mitte,M,east,team-stores-east,Europe/Berlin",
      "store-0003,Munich Center,L,south,,Europe/Berlin") + "\n";

  public final KafkaBroker kafka;
  public final SchemaRegistryServer registry;
  public final String rawTopic = "sensor-raw-" + UUID.randomUUID();
  public final String outboxTopic = "dq-events-" + UUID.randomUUID();
  public final Path dir;
  private final KafkaProducer<String, byte[]> producer;

  public IngestFixture(KafkaBroker kafka, SchemaRegistryServer registry, Path dir, int rawPartitions) {
    this(kafka, registry, dir, rawPartitions, STORES_CSV);
  }

  public IngestFixture(KafkaBroker kafka, SchemaRegistryServer registry, Path dir, int rawPartitions, String storesCsv) {
    this.kafka = kafka;
    this.registry = registry;
    this.dir = dir;
    kafka.createTopics(rawPartitions, rawTopic);
    kafka.createTopics(2, outboxTopic);
    try {
      Files.writeString(dir.resolve("stores.csv"), storesCsv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
  }

  /** The job's settings: this fixture's topics and folders, fast triggers, plus {@code extra}. */
  public Map<String, String> settings(String checkpointName, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>();
    settings.put("source.bootstrap-servers", kafka.bootstrapServers());
    settings.put("source.topic", rawTopic);
    settings.put("outbox.topic", outboxTopic);
    settings.put("schema-registry.url", registry.confluentApiUrl());
    settings.put("stores.metadata-path", dir.resolve("stores.csv").toString());
    settings.put("sink.curated-path", curatedPath().toString());
    settings.put("checkpoint.path", dir.resolve(checkpointName).toString());
    settings.put("trigger.interval", "500ms");
    settings.put("job.env", "test");
    settings.putAll(extra);
    return settings;
  }

  public IngestJobConfig config(String checkpointName, Map<String, String> extra) {
    return IngestJobConfig.load(null, Map.of(), settings(checkpointName, extra));
  }

  public Path curatedPath() {
    return dir.resolve("curated");
  }

  /** Sends {@code value} keyed by {@code key} and waits for the broker's acknowledgement. */
  public void send(String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(rawTopic, key, value)).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not send to " + rawTopic, e);
    }
  }

  /** Sends {@code value} to raw partition {@code partition}, whatever its key would choose. */
  public void send(int partition, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(rawTopic, partition, key, value)).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not send to " + rawTopic + "/" + partition, e);
    }
  }

  public void send(String key, String json) {
    send(key, json.getBytes(StandardCharsets.UTF_8));
  }

  public void sendAll(List<String[]> keyedJson) {
    keyedJson.forEach(pair -> send(pair[0], pair[1]));
  }

  public OutboxReader outbox() {
    return new OutboxReader(kafka.bootstrapServers(), outboxTopic, registry.confluentApiUrl());
  }

  @Override
  public void close() {
    producer.close();
  }
}
