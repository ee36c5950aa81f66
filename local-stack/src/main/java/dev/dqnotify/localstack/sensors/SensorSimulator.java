package dev.dqnotify.localstack.sensors;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes simulated messages to Kafka, in plan order, and records where each landed: the
 * {@link GroundTruth}. Every send is checked; a record that is not acknowledged stops the run with
 * an exception naming it. Use one instance per run; it is not thread-safe.
 *
 * <p>The producer keeps order per partition ({@code max.in.flight.requests.per.connection=1},
 * idempotent, {@code acks=all}) — the order the ground truth is computed for — and never creates
 * the topic: an idempotent producer writing to a just-created topic can lose records
 * (KAFKA-15591), so the topic must exist, with leaders, before the run.
 */
public final class SensorSimulator implements AutoCloseable {

  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(120);

  /** Decides when a message may be sent. */
  @FunctionalInterface
  public interface Pacer {
    /** Send as fast as the producer goes: event time runs ahead of the wall clock (tests, benchmarks). */
    Pacer NONE = emittedAt -> {};

    /** Returns once {@code emittedAt}, the message's event time of sending, may be sent. */
    void awaitUntil(Instant emittedAt) throws InterruptedException;

    /**
     * Sends each message when {@code clock} reaches its event time, so a live plan (starting now)
     * keeps event time with the wall clock.
     */
    static Pacer realTime(Clock clock) {
      return emittedAt -> {
        Instant now;
        // Compare instants, not whole milliseconds: a truncated 0.7 ms would send a record before its sent_at.
        while ((now = clock.instant()).isBefore(emittedAt)) {
          Thread.sleep(Math.max(1, Duration.between(now, emittedAt).toMillis()));
        }
      };
    }
  }

  /** Hears of each acknowledged message. */
  @FunctionalInterface
  public interface Progress {
    /** Ignores progress. */
    Progress NONE = (acknowledged, total, message) -> {};

    /**
     * Called after each acknowledged message, from the sending thread.
     *
     * @param acknowledged messages of this {@code send} acknowledged so far
     * @param total messages of this {@code send}
     * @param message the message just acknowledged
     */
    void acknowledged(int acknowledged, int total, SimulatedMessage message);
  }

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final GroundTruth.Recorder recorder = new GroundTruth.Recorder();

  private SensorSimulator(Producer<byte[], byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
    requireTopic();
  }

  /**
   * A simulator with its own producer.
   *
   * @param producerProperties added to (and overriding) {@link #producerDefaults(String)}
   * @throws IllegalStateException when the topic does not exist
   */
  public static SensorSimulator connect(String bootstrapServers, String topic, Map<String, Object> producerProperties) {
    Map<String, Object> config = producerDefaults(bootstrapServers);
    config.putAll(producerProperties);
    KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    try {
      return new SensorSimulator(producer, topic);
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
  }

  /** A simulator writing with {@code producer} (for example Kafka's {@code MockProducer}); closing it closes the producer. */
  public static SensorSimulator using(Producer<byte[], byte[]> producer, String topic) {
    return new SensorSimulator(producer, topic);
  }

  /**
   * The producer settings {@link #connect} starts from: idempotent, {@code acks=all}, one request in
   * flight (deterministic order, KAFKA-15591), the default partitioner (murmur2 of the key).
   */
  public static Map<String, Object> producerDefaults(String bootstrapServers) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "dqnotify-sensor-simulator");
    return config;
  }

  /** Sends {@code messages} as fast as possible; returns the ground truth of these messages. */
  public GroundTruth send(List<SimulatedMessage> messages) {
    return send(messages, Pacer.NONE, Progress.NONE);
  }

  /**
   * Sends {@code messages} in order, each once {@code pacer} allows, and returns once every one is
   * acknowledged.
   *
   * @return the ground truth of these messages (the simulator also adds it to {@link #groundTruth()})
   * @throws IllegalStateException when a record is not acknowledged; {@link #groundTruth()} then holds
   *     what was acknowledged before it
   */
  public GroundTruth send(List<SimulatedMessage> messages, Pacer pacer, Progress progress) {
    GroundTruth.Recorder phase = new GroundTruth.Recorder();
    Deque<Sent> pending = new ArrayDeque<>();
    int acknowledged = 0;
    try {
      for (SimulatedMessage message : messages) {
        pacer.awaitUntil(message.emittedAt());
        byte[] key = message.key() == null ? null : message.key().getBytes(StandardCharsets.UTF_8);
        // No record timestamp: the broker would refuse event times far from its clock; sent_at is the event time.
        try {
          pending.add(new Sent(message, producer.send(new ProducerRecord<>(topic, key, message.value()))));
        } catch (org.apache.kafka.common.KafkaException e) {
          throw new IllegalStateException("Message #" + message.sequence() + " (" + message.kind() + ", key "
              + message.key() + ") could not be sent to " + topic + ": " + e, e);
        }
        // Acknowledge in order what is done, so progress and failures surface during a long paced run.
        while (!pending.isEmpty() && pending.peekFirst().future.isDone()) {
          acknowledge(pending.removeFirst(), phase, progress, ++acknowledged, messages.size());
        }
      }
      producer.flush();
      while (!pending.isEmpty()) {
        acknowledge(pending.removeFirst(), phase, progress, ++acknowledged, messages.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted after " + acknowledged + " of " + messages.size()
          + " messages were acknowledged", e);
    }
    return phase.snapshot();
  }

  /** Everything this simulator sent so far. */
  public GroundTruth groundTruth() {
    return recorder.snapshot();
  }

  /** The topic written to. */
  public String topic() {
    return topic;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }

  private record Sent(SimulatedMessage message, Future<RecordMetadata> future) {}

  private void acknowledge(Sent sent, GroundTruth.Recorder phase, Progress progress, int acknowledged, int total)
      throws InterruptedException {
    RecordMetadata metadata;
    try {
      metadata = sent.future.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("Message #" + sent.message.sequence() + " (" + sent.message.kind() + ", key "
          + sent.message.key() + ") was not written to " + topic + ": " + cause, cause);
    }
    recorder.record(sent.message, metadata.topic(), metadata.partition(), metadata.offset());
    phase.record(sent.message, metadata.topic(), metadata.partition(), metadata.offset());
    progress.acknowledged(acknowledged, total, sent.message);
  }

  private void requireTopic() {
    try {
      if (producer.partitionsFor(topic).isEmpty()) {
        throw new IllegalStateException("Topic " + topic + " has no partitions");
      }
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new IllegalStateException("Topic " + topic + " is not available (" + e.getMessage() + "); create it "
          + "first, e.g. with 'local-stack up' — the simulator never lets a producer create it (KAFKA-15591)", e);
    }
  }
}
