package dev.dqnotify.notify.outbox;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes outbox records ({@link OutboxFormat#record}) with an idempotent producer (acks=all) and
 * rides out an outage of the outbox's brokers up to a bound: the one way DqEvents reach Kafka
 * outside Spark's own Kafka sink. The sensor ingest job writes its batch's events with it on the
 * driver; {@code DqNotifier.write} with one per task on the executors.
 *
 * <p>Serializable for Spark: the Kafka producer itself is opened on first write wherever the copy
 * runs, and closed by {@link #close()}.
 */
public final class OutboxProducer implements Serializable, AutoCloseable {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(OutboxProducer.class);

  private final String topic;
  private final String bootstrapServers;
  private final Map<String, String> kafkaProperties;
  private final Duration maxOutage;
  private final String maxOutageSetting;
  private transient Producer<byte[], byte[]> producer;
  /** Tests set these; null means the system clock, {@link Thread#sleep} and a {@link KafkaProducer}. */
  private transient Clock clock;
  private transient Pause pause;
  private transient Supplier<Producer<byte[], byte[]>> producers;

  /** How the retry loop waits between attempts. */
  @FunctionalInterface
  public interface Pause {
    void sleep(Duration duration) throws InterruptedException;
  }

  /**
   * A producer for {@code topic} at {@code bootstrapServers} that waits for an unwritable outbox at
   * most {@code maxOutage} per {@link #write}.
   *
   * @param kafkaProperties producer properties (security, timeouts); acks and idempotence are fixed
   * @param maxOutageSetting the name of the setting that gave {@code maxOutage}, for log lines and
   *     the error (e.g. {@code outbox.max-outage})
   */
  public OutboxProducer(String topic, String bootstrapServers, Map<String, String> kafkaProperties,
      Duration maxOutage, String maxOutageSetting) {
    if (maxOutage == null || maxOutage.isNegative() || maxOutage.isZero()) {
      throw new IllegalArgumentException(maxOutageSetting + " must be a positive duration, got " + maxOutage);
    }
    this.topic = topic;
    this.bootstrapServers = bootstrapServers;
    this.kafkaProperties = Map.copyOf(kafkaProperties);
    this.maxOutage = maxOutage;
    this.maxOutageSetting = maxOutageSetting;
  }

  /**
   * A producer on {@code producers}' Kafka producer, timed by {@code clock} and {@code pause}: for
   * unit tests, here and in the library's users.
   */
  public OutboxProducer(String topic, Duration maxOutage, String maxOutageSetting, Clock clock, Pause pause,
      Supplier<Producer<byte[], byte[]>> producers) {
    this(topic, "test", Map.of(), maxOutage, maxOutageSetting);
    this.clock = clock;
    this.pause = pause;
    this.producers = producers;
  }

  /** The topic written to. */
  public String topic() {
    return topic;
  }

  /**
   * Writes {@code records} and returns once Kafka acknowledged every one (acks=all, idempotent
   * producer).
   *
   * <p>A retriable failure (the brokers unreachable, no leader, a request or delivery timeout) does
   * not fail the write: the records Kafka did not acknowledge are sent again after a back-off (1 s,
   * doubling up to 30 s), each attempt logged at WARN with the next one and the time left, until
   * {@code maxOutage} has passed since the first send. Within one producer the idempotent producer
   * keeps a retried send from being written twice; a record whose acknowledgement was lost may be
   * written again, with the same id, as after any re-run.
   *
   * @throws OutboxUnavailableException when the outbox stayed unwritable for {@code maxOutage}
   * @throws IllegalStateException when Kafka refused the records for a reason retrying cannot help
   *     (authorisation, a record too large…)
   */
  public void write(List<ProducerRecord<byte[], byte[]>> records) {
    if (!records.isEmpty()) {
      writeUntilAcknowledged(records);
    }
  }

  private void writeUntilAcknowledged(List<ProducerRecord<byte[], byte[]>> records) {
    Clock time = clock == null ? Clock.systemUTC() : clock;
    List<ProducerRecord<byte[], byte[]>> pending = records;
    // The bound counts from the write's first send: a write (a batch's events) waits at most this long.
    Instant deadline = time.instant().plus(maxOutage);
    for (int attempt = 1; ; attempt++) {
      Attempt result = send(pending, deadline, time);
      if (result.unacknowledged().isEmpty()) {
        if (attempt > 1) {
          log.info("Outbox {} written again: all {} DqEvents of the batch acknowledged at attempt {}", topic,
              records.size(), attempt);
        }
        return;
      }
      Throwable error = result.error();
      if (!(error instanceof RetriableException)) {
        throw new IllegalStateException("Could not write DqEvents to the outbox topic " + topic + " at "
            + bootstrapServers + ": " + error, error);
      }
      Duration left = Duration.between(time.instant(), deadline);
      if (result.deadlinePassed() || left.isNegative() || left.isZero()) {
        throw new OutboxUnavailableException("The outbox topic " + topic + " at " + bootstrapServers
            + " could not be written for " + maxOutage.toSeconds() + " s (" + maxOutageSetting + "): "
            + result.unacknowledged().size() + " of " + records.size() + " DqEvents of the batch not acknowledged"
            + " after " + attempt + " attempts; last error: " + error + ". Restart the job once Kafka is back: the"
            + " batch runs again and writes the same event ids", error);
      }
      Duration delay = backoff(attempt);
      delay = delay.compareTo(left) > 0 ? left : delay;
      log.warn("Outbox {} at {} not writable (attempt {}): {}; {} of {} DqEvents not acknowledged; next attempt in"
          + " {} ms, {} s left of {} ({} s)", topic, bootstrapServers, attempt, error, result.unacknowledged().size(),
          records.size(), delay.toMillis(), left.toSeconds(), maxOutageSetting, maxOutage.toSeconds());
      try {
        if (pause == null) {
          Thread.sleep(delay.toMillis());
        } else {
          pause.sleep(delay);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting to write DqEvents to " + topic + " again", e);
      }
      pending = result.unacknowledged();
    }
  }

  /** The pause after failed attempt {@code attempt}: 1 s, 2 s, 4 s … at most 30 s. */
  static Duration backoff(int attempt) {
    return Duration.ofSeconds(Math.min(1L << Math.min(attempt - 1, 5), 30));
  }

  /** What one attempt left: the records not acknowledged, the last error, and whether time ran out. */
  private record Attempt(List<ProducerRecord<byte[], byte[]>> unacknowledged, Throwable error,
      boolean deadlinePassed) {}

  /** Sends every record and waits for Kafka's answers, no longer than until {@code deadline}. */
  private Attempt send(List<ProducerRecord<byte[], byte[]>> records, Instant deadline, Clock time) {
    Producer<byte[], byte[]> kafka = producer();
    List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
    List<ProducerRecord<byte[], byte[]>> unacknowledged = new ArrayList<>();
    Throwable error = null;
    for (ProducerRecord<byte[], byte[]> record : records) {
      if (error != null) {
        sent.add(null); // each further send would block for max.block.ms again: left for the next attempt
        continue;
      }
      try {
        sent.add(kafka.send(record));
      } catch (KafkaException e) { // e.g. no metadata within max.block.ms
        sent.add(null);
        error = e;
      }
    }
    boolean deadlinePassed = false;
    for (int i = 0; i < records.size(); i++) {
      Future<RecordMetadata> result = sent.get(i);
      if (result == null) {
        unacknowledged.add(records.get(i));
        continue;
      }
      try {
        result.get(Math.max(0, Duration.between(time.instant(), deadline).toMillis()), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        unacknowledged.add(records.get(i));
        // One error retrying cannot help decides the attempt, whatever else failed beside it.
        error = error != null && !(error instanceof RetriableException) ? error : e.getCause();
      } catch (java.util.concurrent.TimeoutException e) {
        unacknowledged.add(records.get(i));
        error = error == null ? new org.apache.kafka.common.errors.TimeoutException(
            "no acknowledgement before " + maxOutageSetting + " ran out") : error;
        deadlinePassed = true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while writing DqEvents to " + topic, e);
      }
    }
    return new Attempt(unacknowledged, error, deadlinePassed);
  }

  private synchronized Producer<byte[], byte[]> producer() {
    if (producer == null) {
      Map<String, Object> settings = new HashMap<>(kafkaProperties);
      settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      settings.put(ProducerConfig.ACKS_CONFIG, "all");
      settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "dqnotify-outbox-" + topic);
      producer = producers != null ? producers.get()
          : new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }
    return producer;
  }

  /** Closes the driver's producer, if one was opened; a later write opens a new one. */
  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
      producer = null;
    }
  }
}
