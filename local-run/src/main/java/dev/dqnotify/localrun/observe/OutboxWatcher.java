package dev.dqnotify.localrun.observe;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the outbox ({@code dq-events}) and the dead-letter topic ({@code dq-events-dlq}) as an
 * independent reader, from their beginning, on its own thread: what the ingest job wrote and what the
 * forwarder gave up on. No consumer group: it commits nothing and disturbs nobody.
 */
public final class OutboxWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OutboxWatcher.class);

  /**
   * One DqEvent id as the outbox holds it.
   *
   * @param event the first copy, decoded
   * @param writtenAt the Kafka timestamp of the first copy (when the job wrote it)
   * @param copies how many records carry this id (more than one when a batch was run again)
   */
  public record Written(DqEvent event, Instant writtenAt, int copies) {}

  /**
   * What was read so far.
   *
   * @param events every distinct event id, in the order first written
   * @param undecodable outbox records that could not be decoded
   * @param deadLetters records on the dead-letter topic
   * @param deadLetteredIds event ids of the dead letters that decode
   */
  public record State(Map<String, Written> events, long undecodable, long deadLetters, Set<String> deadLetteredIds) {

    /** Records beyond the first of each id. */
    public long extraCopies() {
      return events.values().stream().mapToLong(w -> w.copies() - 1).sum();
    }
  }

  private final String outboxTopic;
  private final String deadLetterTopic;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AvroWireCodec<DqEvent> codec;
  private final Thread thread;
  private volatile boolean running = true;

  private final Map<String, Written> events = new LinkedHashMap<>(); // guarded by this
  private final Set<String> deadLetteredIds = new LinkedHashSet<>(); // guarded by this
  private long undecodable; // guarded by this
  private long deadLetters; // guarded by this

  private OutboxWatcher(String bootstrapServers, String registryUrl, String outboxTopic, String deadLetterTopic) {
    this.outboxTopic = outboxTopic;
    this.deadLetterTopic = deadLetterTopic;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.CLIENT_ID_CONFIG, "dqnotify-local-run-watcher",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        // Read committed: what a transactional writer aborted is not something the job "wrote".
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.codec = AvroWireCodec.forDqEvents(new SchemaRegistryClient(SchemaRegistryConfig.of(registryUrl)),
        RegistrationMode.LOOKUP_ONLY);
    this.thread = new Thread(this::run, "outbox-watcher");
    this.thread.setDaemon(true);
  }

  /** Starts reading both topics (which must exist) from their beginning. */
  public static OutboxWatcher start(String bootstrapServers, String registryUrl, String outboxTopic,
      String deadLetterTopic) {
    OutboxWatcher watcher = new OutboxWatcher(bootstrapServers, registryUrl, outboxTopic, deadLetterTopic);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(outboxTopic, deadLetterTopic)) {
      for (PartitionInfo info : watcher.consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
    }
    watcher.consumer.assign(partitions);
    watcher.consumer.seekToBeginning(partitions);
    watcher.thread.start();
    return watcher;
  }

  /** A copy of what was read so far. */
  public synchronized State state() {
    return new State(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(events)), undecodable, deadLetters,
        Set.copyOf(deadLetteredIds));
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
          take(record);
        }
      }
    } catch (WakeupException e) {
      // close() ends the loop
    } catch (RuntimeException e) {
      log.error("The outbox watcher stopped reading", e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void take(ConsumerRecord<byte[], byte[]> record) {
    DqEvent event = null;
    try {
      event = record.value() == null ? null : codec.decode(record.value());
    } catch (RuntimeException e) {
      log.debug("Undecodable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
    }
    synchronized (this) {
      if (record.topic().equals(deadLetterTopic)) {
        deadLetters++;
        if (event != null) {
          deadLetteredIds.add(event.getEventId());
        }
      } else if (record.topic().equals(outboxTopic)) {
        if (event == null) {
          undecodable++;
        } else {
          events.merge(event.getEventId(), new Written(event, Instant.ofEpochMilli(record.timestamp()), 1),
              (first, again) -> new Written(first.event(), first.writtenAt(), first.copies() + 1));
        }
      }
    }
  }

  /** Stops reading; returns once the consumer is closed. */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
